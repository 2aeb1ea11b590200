/** Ending a chat: pick the wrap-up reason, then the chat ends and its tab stays until closed. */
import type { Chat } from '../../core/chat.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { NO_WRAPUPS, openPicker, wrapupOptions } from './modal.js';

/** Opens the picker of wrap-up reasons, or says an admin has to add some first. */
export function startEnd(ctx: TuiContext, chat: Chat): void {
  const options = wrapupOptions(ctx);
  if (options.length === 0) return ctx.flash(NO_WRAPUPS, 'error');
  openPicker(ctx, `End chat ${chat.id}: wrap-up reason`, options, { kind: 'end', chatId: chat.id });
}

export const endChoices: PurposeHandlers<'end'> = {
  end: async (ctx, p, reason) => {
    const chat = await ctx.api.end(p.chatId, reason);
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.dispatch({ type: 'composer.focus', focused: false });
    ctx.flash(`Chat ${p.chatId} ended (${reason}). Press x to close its tab.`, 'ok');
  },
};
