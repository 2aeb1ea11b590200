/**
 * Joining a running support session as an assistant: the technician types the session number the
 * owner gave them; the chat opens in a tab where they can talk (the owner keeps control).
 */
import { normaliseSessionNumber } from '../../core/session-number.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPrompt } from './modal.js';

/** Asks for the session number. */
export function startJoinSession(ctx: TuiContext): void {
  openPrompt(
    ctx,
    {
      title: 'Join a support session',
      hint: 'Its 9-digit session number (the technician with control gives it to you).',
      max: 11,
      multiline: false,
    },
    { kind: 'join-session' },
  );
}

export const joinSessionChoices: PurposeHandlers<'join-session'> = {
  'join-session': async (ctx, _p, value) => {
    const number = normaliseSessionNumber(value);
    if (number === undefined) return ctx.flash(`The session number is 9 digits, got "${value.trim()}".`, 'error');
    const chat = await ctx.api.joinSession(number);
    ctx.dispatch({ type: 'chat.upsert', chat });
    ctx.openChat(chat.id, false);
    ctx.flash(`Joined chat ${chat.id} as an assistant: ${chat.owner?.name ?? 'the owner'} has control.`, 'ok');
  },
};
