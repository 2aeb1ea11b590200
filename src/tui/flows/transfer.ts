/**
 * Transferring a chat: pick a technician or queue, then the wrap-up reason, then an optional note
 * for whoever takes it over. The chat stays mine until the transfer is accepted.
 */
import type { Chat } from '../../core/chat.js';
import { TRANSFER_NOTE_MAX } from '../../core/composer.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import type { Option, State } from '../state.js';
import { openFreshPicker, technicianOption } from './fresh-picker.js';
import { NO_WRAPUPS, openPicker, openPrompt, wrapupOptions } from './modal.js';

/** Where a chat can go: other technicians (with availability and load), then queues. */
function targets(s: State): Option[] {
  const techs = s.directory.technicians.filter((t) => t.id !== s.me?.id);
  return [
    ...techs.map((t) => technicianOption(s, t, `t:${t.id}`)),
    ...s.directory.queues.map((q) => ({ label: q.name, value: `q:${q.name}`, hint: `queue (${q.mode})` })),
  ];
}

/** Opens the picker of where the chat can go (refreshed from the server as it opens; type to filter). */
export function startTransfer(ctx: TuiContext, chat: Chat): Promise<void> {
  return openFreshPicker(ctx, `Transfer chat ${chat.id} to`, { kind: 'transfer-target', chatId: chat.id }, targets);
}

export const transferChoices: PurposeHandlers<'transfer-target' | 'transfer-reason' | 'transfer-note'> = {
  'transfer-target': (ctx, p, target) => {
    const options = wrapupOptions(ctx);
    if (options.length === 0) return ctx.flash(NO_WRAPUPS, 'error');
    openPicker(ctx, 'Wrap-up reason for the transfer', options, { kind: 'transfer-reason', chatId: p.chatId, target });
  },
  'transfer-reason': (ctx, p, reason) =>
    openPrompt(
      ctx,
      {
        title: 'Note for the new technician (optional)',
        hint: `At most ${TRANSFER_NOTE_MAX} characters; Enter with nothing sends no note.`,
        max: TRANSFER_NOTE_MAX,
        multiline: false,
      },
      { kind: 'transfer-note', chatId: p.chatId, target: p.target, reason },
    ),
  'transfer-note': async (ctx, p, value) => {
    const note = value.trim();
    const target = p.target.startsWith('t:')
      ? { toTechnicianId: Number(p.target.slice(2)) }
      : { toQueue: p.target.slice(2) };
    const chat = await ctx.api.transfer(p.chatId, { ...target, reason: p.reason, ...(note ? { note } : {}) });
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.flash(`Transfer of chat ${p.chatId} asked; it stays yours until accepted.`, 'ok');
  },
};
