/** Commenting on the open ticket: a public reply the requester sees, or an internal note. */
import { randomUUID } from 'node:crypto';
import { COMMENT_MAX } from '../../core/tickets.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPrompt, withTicket } from './modal.js';

/** Opens the prompt for a reply or a note on the open ticket. */
export function startComment(ctx: TuiContext, kind: 'reply' | 'note'): void {
  withTicket(ctx, (id) =>
    openPrompt(
      ctx,
      {
        title: kind === 'reply' ? `Public reply on #${id}` : `Internal note on #${id}`,
        hint: kind === 'reply' ? 'The requester sees this.' : 'Technicians only; @name mentions a technician.',
        max: COMMENT_MAX,
        multiline: true,
      },
      { kind: 'comment', ticketId: id, comment: kind },
    ),
  );
}

export const commentChoices: PurposeHandlers<'comment'> = {
  comment: async (ctx, p, body) => {
    if (body.trim().length === 0) return ctx.flash('Nothing written: not sent.');
    const { ticket, comment } = await ctx.api.comment(p.ticketId, p.comment, body, randomUUID());
    ctx.dispatch({ type: 'ticket.commented', ticket, comment });
    ctx.flash(p.comment === 'reply' ? 'Reply sent.' : 'Note added.', 'ok');
  },
};
