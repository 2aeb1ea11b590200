/**
 * Every kind of deadline the server fires, and its handler. The services set and cancel deadline
 * rows through deadlines/deadlines.ts, which knows nothing of them; this is the one place that
 * joins the two, so neither imports the other's way back. Each feature adds its kinds here.
 */
import type { DeadlineSweeper } from './deadlines/sweeper.js';
import type { Store } from './store/store.js';
import { CHAT_DEADLINES } from '../core/chat.js';
import {
  conferenceTimedOut,
  invitationExpired,
  offerTimedOut,
  reofferDue,
  requestExpired,
  transferTimedOut,
} from './services/chat/timeouts.js';
import { autoTicketDue } from './services/chat/chat-tickets.js';
import { SLA_DEADLINE, fireSlaBreach } from './services/tickets/sla-clock.js';
import { NOTIFICATION_EXPIRE, expireNotification } from './services/tickets/notifications.js';
import { PRESENCE_EXPIRE, expireViewer } from './services/tickets/viewers.js';
import { ATTACHMENT_ORPHAN, removeOrphanUpload } from './services/tickets/attachments.js';
import { MAIL_SEND } from './services/mail/outbox.js';
import type { MailWorker } from './services/mail/worker.js';
import { MAIL_POLL } from './services/mail/mailboxes.js';
import type { MailboxReader } from './services/mail/reader.js';

/** The ticket features: SLA breaches, notification expiry, a ticket viewer's lapse, orphan uploads. */
function registerTicketDeadlines(sweeper: DeadlineSweeper, store: Store): void {
  sweeper.handle(SLA_DEADLINE.response, (scope, d) => fireSlaBreach(scope, store, 'response', Number(d.ref)));
  sweeper.handle(SLA_DEADLINE.resolution, (scope, d) => fireSlaBreach(scope, store, 'resolution', Number(d.ref)));
  sweeper.handle(NOTIFICATION_EXPIRE, (scope, d) => expireNotification(scope, Number(d.ref)));
  sweeper.handle(PRESENCE_EXPIRE, (scope, d) => expireViewer(scope, d.ref));
  sweeper.handle(ATTACHMENT_ORPHAN, (scope, d) => removeOrphanUpload(scope, Number(d.ref)));
}

/**
 * Live chat: offer timeout (→ RONA), customer-accept expiry, request expiry, re-offer after a decline,
 * transfer and conference timeouts, auto-ticket.
 */
function registerChatDeadlines(sweeper: DeadlineSweeper): void {
  sweeper.handle(CHAT_DEADLINES.offerTimeout, (scope, d) => offerTimedOut(scope, d.ref, d.payload));
  sweeper.handle(CHAT_DEADLINES.customerAccept, (scope, d) => invitationExpired(scope, d.ref));
  sweeper.handle(CHAT_DEADLINES.transferTimeout, (scope, d) => transferTimedOut(scope, d.ref, d.payload));
  sweeper.handle(CHAT_DEADLINES.conferenceTimeout, (scope, d) => conferenceTimedOut(scope, d.payload));
  sweeper.handle(CHAT_DEADLINES.autoTicket, (scope, d) => autoTicketDue(scope, d.ref));
  sweeper.handle(CHAT_DEADLINES.requestTimeout, (scope, d) => requestExpired(scope, d.ref));
  sweeper.handle(CHAT_DEADLINES.reoffer, (scope, d) => reofferDue(scope, d.ref));
}

export function registerDeadlineHandlers(sweeper: DeadlineSweeper, store: Store): void {
  registerTicketDeadlines(sweeper, store);
  registerChatDeadlines(sweeper);
}

/** E-mail: sending (and retrying) one outbox mail, and reading one mailbox. */
export function registerMailDeadlines(sweeper: DeadlineSweeper, worker: MailWorker, reader: MailboxReader): void {
  sweeper.handle(MAIL_SEND, (scope, d) => worker.fire(scope, d.ref));
  sweeper.handle(MAIL_POLL, (scope, d) => reader.fire(scope, d.ref));
}
