/**
 * Conferences: invite another technician into a chat, and end the conference with one who is in it
 * (or still invited).
 */
import type { Chat } from '../../core/chat.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openFreshPicker, technicianOption } from './fresh-picker.js';
import { NO_WRAPUPS, openPicker, wrapupOptions } from './modal.js';

/** Opens the picker of technicians who are not in the chat yet (refreshed as it opens; type to filter). */
export function startConference(ctx: TuiContext, chat: Chat): Promise<void> {
  const inChat = new Set(chat.participants.filter((p) => p.state !== 'left').map((p) => p.technician.id));
  return openFreshPicker(ctx, `Invite to chat ${chat.id}`, { kind: 'conference', chatId: chat.id }, (s) =>
    s.directory.technicians
      .filter((t) => t.id !== s.me?.id && !inChat.has(t.id))
      .map((t) => technicianOption(s, t, String(t.id))),
  );
}

/** Opens the picker of the chat's conference members. */
export function startEndConference(ctx: TuiContext, chat: Chat): void {
  const options = chat.participants
    .filter((p) => p.role === 'conference' && p.state !== 'left')
    .map((p) => ({ label: p.technician.name, value: String(p.technician.id), hint: p.state }));
  openPicker(ctx, `End the conference in chat ${chat.id} with`, options, { kind: 'end-conference', chatId: chat.id });
}

export const conferenceChoices: PurposeHandlers<'conference' | 'end-conference'> = {
  conference: async (ctx, p, technicianId) => {
    const chat = await ctx.api.conference(p.chatId, Number(technicianId));
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.flash('Invitation sent.', 'ok');
  },
  'end-conference': async (ctx, p, value) => {
    const me = ctx.state().me?.id;
    if (!p.leaving && me !== undefined && Number(value) === me) {
      // Leaving yourself: your wrap-up reason first.
      const options = wrapupOptions(ctx);
      if (options.length === 0) return ctx.flash(NO_WRAPUPS, 'error');
      return openPicker(ctx, `Leave chat ${p.chatId}: wrap-up reason`, options, { ...p, leaving: true });
    }
    const chat = p.leaving
      ? await ctx.api.endConference(p.chatId, me ?? 0, value)
      : await ctx.api.endConference(p.chatId, Number(value));
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.flash(p.leaving ? `You left the conference (${value}).` : 'Conference ended.', 'ok');
  },
};
