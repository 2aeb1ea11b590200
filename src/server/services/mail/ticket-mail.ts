/**
 * Mail about tickets: a public reply goes to the requester and the reply's CC recipients (e-mail
 * addresses and CC'd technicians), threaded on the ticket (`In-Reply-To`/`References` to the
 * ticket's earlier mail), `[#N]` in the subject and a reply address that maps back to the ticket.
 * Internal notes send nothing. Made from the `reply` mail template. Queued in the comment's own transaction, only while a transport is set.
 */
import type { Store, WriteScope } from '../../store/store.js';
import type { TicketRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { CcRecipient } from '../../../core/ticket-properties.js';
import { domainOf, formatMailAddress, replyAddress, ticketThreadId } from '../../../core/mail.js';
import { queueMail } from './outbox.js';
import { transportConfig } from './transport.js';
import { renderMailOf } from './mail-templates.js';
import { ticketMailValues } from './ticket-values.js';

/** How many earlier mails of the ticket `References` names (with the thread's first). */
const REFERENCES_KEPT = 10;

async function recipients(scope: WriteScope, ticket: TicketRow, commentId: number) {
  const { trx } = scope;
  const requester =
    ticket.requester_id === null
      ? undefined
      : await trx
          .selectFrom('contacts')
          .select(['name', 'email'])
          .where('id', '=', ticket.requester_id)
          .executeTakeFirst();
  const comment = await trx.selectFrom('comments').select('cc').where('id', '=', commentId).executeTakeFirst();
  const cc = comment?.cc ? (JSON.parse(comment.cc) as CcRecipient[]) : [];
  const techIds = cc.flatMap((r) => (r.kind === 'technician' ? [r.id] : []));
  const techs = techIds.length
    ? await trx.selectFrom('technicians').select(['id', 'email']).where('id', 'in', techIds).execute()
    : [];
  const ccAddresses = cc.flatMap((r) =>
    r.kind === 'email' ? [r.email] : techs.filter((t) => t.id === r.id).map((t) => t.email.toLowerCase()),
  );
  const to = requester ? [requester.email.toLowerCase()] : [];
  const copies = [...new Set(ccAddresses)].filter((a) => !to.includes(a));
  return { requester, to: to.length ? to : copies.slice(0, 1), cc: to.length ? copies : copies.slice(1) };
}

/** Queues the mail of a technician's public reply, inside the reply's write. */
export async function mailPublicReply(
  scope: WriteScope,
  store: Store,
  actor: Actor,
  ticket: TicketRow,
  commentId: number,
  body: string,
): Promise<void> {
  const { trx } = scope;
  const config = await transportConfig(trx, store);
  if (!config) return;
  const { to, cc } = await recipients(scope, ticket, commentId);
  if (to.length === 0) return;
  const [me, earlier] = await Promise.all([
    trx.selectFrom('technicians').select(['name', 'email']).where('id', '=', actor.id).executeTakeFirstOrThrow(),
    trx
      .selectFrom('mail_outbox')
      .select('message_id')
      .where('ticket_id', '=', ticket.id)
      .orderBy('id', 'desc')
      .limit(REFERENCES_KEPT)
      .execute(),
  ]);
  const root = ticketThreadId(ticket.id, domainOf(config.from.address));
  const previous = earlier.map((m) => m.message_id).reverse();
  const values = await ticketMailValues(trx, store, ticket, me);
  const mail = await renderMailOf(trx, 'reply', { ...values, 'reply.body': body.trimEnd() });
  await queueMail(scope, config, {
    kind: 'reply',
    automatic: false,
    ticketId: ticket.id,
    commentId,
    to,
    cc,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    inReplyTo: previous.at(-1) ?? root,
    references: [root, ...previous],
    replyTo: formatMailAddress(replyAddress(config.from, ticket.id)),
  });
}
