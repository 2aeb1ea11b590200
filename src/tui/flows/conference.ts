/**
 * Conferences: invite another technician into a chat, and end the conference with one who is in it
 * (or still invited).
 */
import type { Chat } from '../../core/chat.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPicker } from './modal.js';

/** Opens the picker of technicians who are not in the chat yet. */
export function startConference(ctx: TuiContext, chat: Chat): void {
  const s = ctx.state();
  const inChat = new Set(chat.participants.filter((p) => p.state !== 'left').map((p) => p.technician.id));
  const options = s.directory.technicians
    .filter((t) => t.id !== s.me?.id && !inChat.has(t.id))
    .map((t) => ({ label: t.name, value: String(t.id) }));
  openPicker(ctx, `Invite to chat ${chat.id}`, options, { kind: 'conference', chatId: chat.id });
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
  'end-conference': async (ctx, p, technicianId) => {
    const chat = await ctx.api.endConference(p.chatId, Number(technicianId));
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.flash('Conference ended.', 'ok');
  },
};
