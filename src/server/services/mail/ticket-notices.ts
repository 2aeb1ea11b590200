/**
 * Automatic mail to a ticket's requester: "we received your request" when a customer opens a
 * ticket (by the portal, the customer API or mail), and a satisfaction request — how to rate it in
 * the portal — when it becomes Resolved. Threaded on the ticket like its replies, `[#N]` in the
 * subject, the ticket's reply address, `Auto-Submitted: auto-generated`; made from the `received`
 * and `satisfaction` mail templates; queued in the write that
 * opened or resolved the ticket, only while a transport is set.
 */
import type { Store, WriteScope } from '../../store/store.js';
import type { TicketRow } from '../../store/schema.js';
import { domainOf, formatMailAddress, replyAddress, ticketThreadId } from '../../../core/mail.js';
import type { MailTemplateKind } from '../../../core/mail-templates.js';
import { queueMail } from './outbox.js';
import { transportConfig } from './transport.js';
import { renderMailOf } from './mail-templates.js';
import { ticketMailValues } from './ticket-values.js';

/** How many earlier mails of the ticket `References` names (with the thread's first). */
const REFERENCES_KEPT = 10;

async function queueToRequester(
  scope: WriteScope,
  store: Store,
  ticket: TicketRow,
  kind: MailTemplateKind,
  extraReference?: string,
): Promise<boolean> {
  const { trx } = scope;
  if (ticket.requester_id === null || ticket.deleted_at !== null) return false;
  const config = await transportConfig(trx, store);
  if (!config) return false;
  const requester = await trx
    .selectFrom('contacts')
    .select(['name', 'email'])
    .where('id', '=', ticket.requester_id)
    .executeTakeFirst();
  if (!requester) return false;
  const earlier = await trx
    .selectFrom('mail_outbox')
    .select('message_id')
    .where('ticket_id', '=', ticket.id)
    .orderBy('id', 'desc')
    .limit(REFERENCES_KEPT)
    .execute();
  const root = ticketThreadId(ticket.id, domainOf(config.from.address));
  const previous = [...(extraReference ? [extraReference] : []), ...earlier.map((m) => m.message_id).reverse()];
  const mail = await renderMailOf(trx, kind, await ticketMailValues(trx, store, ticket));
  await queueMail(scope, config, {
    kind: 'notice',
    automatic: true,
    ticketId: ticket.id,
    to: [requester.email.toLowerCase()],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    inReplyTo: previous.at(-1) ?? root,
    references: [root, ...previous],
    replyTo: formatMailAddress(replyAddress(config.from, ticket.id)),
  });
  return true;
}

/**
 * "We received your request" to the requester of a ticket a customer just opened; `inReplyTo` is
 * the `Message-ID` of the mail it was opened from, if any.
 */
export async function mailRequestReceived(
  scope: WriteScope,
  store: Store,
  ticketId: number,
  inReplyTo?: string,
): Promise<boolean> {
  const ticket = await scope.trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!ticket || ticket.is_spam) return false;
  return queueToRequester(scope, store, ticket, 'received', inReplyTo);
}

/** A satisfaction request to the requester when the ticket has just become Resolved. */
export async function mailAfterResolve(
  scope: WriteScope,
  store: Store,
  before: TicketRow,
  after: TicketRow,
): Promise<void> {
  if (before.status === 'resolved' || after.status !== 'resolved' || after.is_spam) return;
  await queueToRequester(scope, store, after, 'satisfaction');
}
