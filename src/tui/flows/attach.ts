/** Sending a file into a chat: a prompt for its path, then the upload. */
import { randomUUID } from 'node:crypto';
import type { Chat } from '../../core/chat.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPrompt } from './modal.js';

export function startAttach(ctx: TuiContext, chat: Chat): void {
  openPrompt(
    ctx,
    { title: 'Attach a file', hint: 'Path of the file to send (≤ 20 MB)', max: 4096, multiline: false },
    { kind: 'attach', chatId: chat.id },
  );
}

export const attachChoices: PurposeHandlers<'attach'> = {
  attach: async (ctx, p, value) => {
    const path = value.trim();
    if (!path) return;
    ctx.flash(`Sending ${path}…`);
    const message = await ctx.api.attach(p.chatId, path, randomUUID());
    ctx.dispatch({ type: 'message.sent', message });
    ctx.flash('File sent.', 'ok');
  },
};
