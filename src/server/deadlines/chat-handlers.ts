/** The live-chat deadlines: offer timeout (→ RONA), customer-accept expiry, transfer and conference timeouts, auto-ticket. */
import type { DeadlineSweeper } from './sweeper.js';
import { CHAT_DEADLINES } from '../../core/chat.js';
import { conferenceTimedOut, invitationExpired, offerTimedOut, transferTimedOut } from '../services/chat/chats.js';
import { autoTicketDue } from '../services/chat/chat-tickets.js';

export function registerChatDeadlines(sweeper: DeadlineSweeper): void {
  sweeper.handle(CHAT_DEADLINES.offerTimeout, (scope, d) => offerTimedOut(scope, d.ref, d.payload));
  sweeper.handle(CHAT_DEADLINES.customerAccept, (scope, d) => invitationExpired(scope, d.ref));
  sweeper.handle(CHAT_DEADLINES.transferTimeout, (scope, d) => transferTimedOut(scope, d.ref, d.payload));
  sweeper.handle(CHAT_DEADLINES.conferenceTimeout, (scope, d) => conferenceTimedOut(scope, d.payload));
  sweeper.handle(CHAT_DEADLINES.autoTicket, (scope, d) => autoTicketDue(scope, d.ref));
}
