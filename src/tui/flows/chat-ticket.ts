/**
 * The ticket of a chat: made now on request (instead of when the chat ends), or renamed once it
 * exists.
 */
import type { Chat } from '../../core/chat.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPrompt } from './modal.js';

/** Makes the chat's ticket at once, or asks for a new title if it has one. */
export function startChatTicket(ctx: TuiContext, chat: Chat): void {
  if (chat.ticketId === null) return void ctx.choose({ kind: 'chat-ticket', chatId: chat.id }, '');
  openPrompt(
    ctx,
    { title: `Rename ticket #${chat.ticketId}`, hint: 'New title (empty keeps it)', max: 300, multiline: false },
    { kind: 'chat-ticket', chatId: chat.id },
  );
}

export const chatTicketChoices: PurposeHandlers<'chat-ticket'> = {
  'chat-ticket': async (ctx, p, value) => {
    const title = value.trim();
    const res = await ctx.api.chatTicket(p.chatId, title || undefined);
    ctx.flash(
      res.created ? `Ticket #${res.ticketId} made from chat ${p.chatId}.` : `Ticket #${res.ticketId}: "${res.title}".`,
      'ok',
    );
  },
};
