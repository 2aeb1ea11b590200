/**
 * Answering the selected queue row: accept an offer or invitation (opens the chat), decline it, or
 * take a waiting request from a pick queue.
 */
import type { TuiContext } from '../context.js';
import { selectedQueueRow } from '../select.js';

export async function answer(ctx: TuiContext, how: 'accept' | 'decline' | 'take'): Promise<void> {
  const row = selectedQueueRow(ctx.state());
  if (!row) return ctx.flash('The queue is empty.');
  const id = row.chat.id;
  try {
    if (how === 'decline') {
      if (!row.invitation) return ctx.flash('Only an offer or invitation to you can be declined.');
      const res = await ctx.api.decline(id);
      ctx.dispatch({ type: 'invitation.remove', chatId: id });
      ctx.dispatch({ type: 'chat.upsert', chat: res.chat });
      return ctx.flash(`Declined chat ${id}.`);
    }
    if (how === 'accept' && !row.invitation) {
      return ctx.flash('This request is not offered to you: press t to take it.');
    }
    const chat = how === 'accept' ? (await ctx.api.accept(id)).chat : await ctx.api.take(id);
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.openChat(id, true);
  } catch (err) {
    ctx.fail(err);
  }
}
