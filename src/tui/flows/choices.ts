/**
 * Acts on what a picker or prompt returned: each kind of purpose goes to the flow that opened it.
 * A failure shows on the status line.
 */
import type { PurposeHandlers, TuiContext } from '../context.js';
import type { Purpose } from '../state.js';
import { attachChoices } from './attach.js';
import { chatTicketChoices } from './chat-ticket.js';
import { commentChoices } from './comment.js';
import { closeTimerChoices } from './ticket-settings.js';
import { conferenceChoices } from './conference.js';
import { endChoices } from './end-chat.js';
import { presenceChoices } from './presence.js';
import { startChatChoices } from './start-chat.js';
import { joinSessionChoices } from './join-session.js';
import { ticketFieldChoices } from './ticket-fields.js';
import { transferChoices } from './transfer.js';

const HANDLERS: PurposeHandlers<Purpose['kind']> = {
  ...presenceChoices,
  ...transferChoices,
  ...conferenceChoices,
  ...endChoices,
  ...chatTicketChoices,
  ...attachChoices,
  ...startChatChoices,
  ...joinSessionChoices,
  ...ticketFieldChoices,
  ...commentChoices,
  ...closeTimerChoices,
};

export async function choose(ctx: TuiContext, purpose: Purpose, value: string): Promise<void> {
  const handler = HANDLERS[purpose.kind] as (ctx: TuiContext, p: Purpose, value: string) => Promise<void> | void;
  try {
    await handler(ctx, purpose, value);
  } catch (err) {
    ctx.fail(err);
  }
}
