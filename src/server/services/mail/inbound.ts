/**
 * One message read from a mailbox, imported in one transaction with its `mail_inbound` row (unique
 * per mailbox and `Message-ID`, so a message read twice — a crash before it was flagged — is
 * imported once). Mail nobody should answer (auto-replies, lists, bounces, our own) is recorded and
 * left. A reply — matched by `In-Reply-To`/`References`, then the `[#N]` subject token, then the
 * reply address — becomes the requester's public comment (reopening the ticket, landing on a merge
 * target), the quoted history cut; other mail from a contact (or, for a mailbox with a company, from
 * anyone, who becomes a contact of it) becomes a new ticket.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Store, WriteScope } from '../../store/store.js';
import { isUniqueViolation } from '../../store/errors.js';
import { recordActivity } from '../tickets/activity.js';
import { addRequesterCommentIn } from '../tickets/requester-comments.js';
import { refreshSentiment } from '../tickets/sentiment.js';
import { startTicketSla } from '../tickets/sla-clock.js';
import { ticketView } from '../tickets/views.js';
import { sanitizeLine } from '../../../core/terminal.js';
import { TITLE_MAX, priorityRank, truncateComment } from '../../../core/tickets.js';
import { ticketFromAddress, ticketFromSubject } from '../../../core/mail.js';
import { automaticReason, cutQuoted } from '../../../core/inbound-mail.js';

export interface MailboxRow {
  readonly id: number;
  readonly company_id: number | null;
}

export type ImportOutcome =
  | { readonly kind: 'ticket'; readonly ticketId: number }
  | { readonly kind: 'reply'; readonly ticketId: number; readonly reopened: boolean }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'duplicate' };

const headerText = (mail: ParsedMail, name: string): string | undefined => {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return String(v);
};

const addressesOf = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.flatMap((v) => (v.address ? [v.address] : [])));

/** The ticket a reply names: its threading headers, then `[#N]`, then the reply address. */
async function repliedTicket(scope: WriteScope, mail: ParsedMail): Promise<number | undefined> {
  const refs = [
    ...(mail.inReplyTo ? [mail.inReplyTo] : []),
    ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []),
  ];
  if (refs.length) {
    const ours = await scope.trx
      .selectFrom('mail_outbox')
      .select('ticket_id')
      .where('message_id', 'in', refs)
      .where('ticket_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (ours?.ticket_id != null) return Number(ours.ticket_id);
    const theirs = await scope.trx
      .selectFrom('mail_inbound')
      .select('ticket_id')
      .where('message_id', 'in', refs)
      .where('ticket_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (theirs?.ticket_id != null) return Number(theirs.ticket_id);
    for (const ref of refs) {
      const m = /^<deskline\.ticket-(\d+)@/.exec(ref);
      if (m) return Number(m[1]);
    }
  }
  const bySubject = ticketFromSubject(mail.subject ?? '');
  if (bySubject !== undefined) return bySubject;
  for (const address of [...addressesOf(mail.to), ...addressesOf(mail.cc)]) {
    const id = ticketFromAddress(address);
    if (id !== undefined) return id;
  }
  return undefined;
}

async function senderContact(scope: WriteScope, mailbox: MailboxRow, from: { address: string; name: string }) {
  const known = await scope.trx
    .selectFrom('contacts')
    .select(['id', 'company_id'])
    .where('email', '=', from.address)
    .executeTakeFirst();
  if (known) return { id: known.id, companyId: Number(known.company_id) };
  if (mailbox.company_id === null) return undefined;
  const name = sanitizeLine(from.name).trim() || from.address.slice(0, from.address.indexOf('@'));
  const row = await scope.trx
    .insertInto('contacts')
    .values({ company_id: mailbox.company_id, name, email: from.address, phone: null, created_at: scope.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, companyId: Number(mailbox.company_id) };
}

async function newTicket(scope: WriteScope, contact: { id: number; companyId: number }, subject: string, body: string) {
  const { trx, now } = scope;
  const admin = await trx
    .selectFrom('technicians')
    .select('id')
    .where('is_admin', '=', 1)
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const title = (sanitizeLine(subject).trim() || '(no subject)').slice(0, TITLE_MAX);
  const row = await trx
    .insertInto('tickets')
    .values({
      company_id: contact.companyId,
      title,
      status: 'open',
      type: 'incident',
      priority: 'medium',
      priority_rank: priorityRank('medium'),
      impact: 'none',
      activity_status: 'unread',
      assignee_id: null,
      requester_id: contact.id,
      created_by_id: admin.id,
      created_by_contact_id: contact.id,
      client_id: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordActivity(
    scope,
    { kind: 'contact', contactId: contact.id },
    row.id,
    'created',
    null,
    `${title} (by e-mail)`,
  );
  const cut = truncateComment(body.trim() === '' ? '(empty message)' : body);
  const comment = await trx
    .insertInto('comments')
    .values({
      ticket_id: row.id,
      kind: 'reply',
      author_kind: 'contact',
      author_technician_id: null,
      author_contact_id: contact.id,
      body: cut.body,
      truncated: cut.truncated ? 1 : 0,
      client_id: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sentiment = await refreshSentiment(scope, row.id);
  await startTicketSla(scope, row);
  scope.emit({
    type: 'ticket.created',
    companyId: row.company_id,
    data: { ticket: await ticketView(trx, { ...row, sentiment }, now) },
  });
  return { ticketId: row.id, commentId: comment.id };
}

async function importIn(
  scope: WriteScope,
  mailbox: MailboxRow,
  mail: ParsedMail,
  messageId: string,
): Promise<ImportOutcome> {
  const record = (outcome: string, ticketId: number | null = null, commentId: number | null = null) =>
    scope.trx
      .insertInto('mail_inbound')
      .values({
        mailbox_id: mailbox.id,
        message_id: messageId,
        ticket_id: ticketId,
        comment_id: commentId,
        outcome,
        created_at: scope.now,
      })
      .execute();
  // Claimed first: a second import of the same message stops here.
  await record('importing');
  const done = async (outcome: ImportOutcome, commentId: number | null = null) => {
    const ticketId = 'ticketId' in outcome ? outcome.ticketId : null;
    await scope.trx
      .updateTable('mail_inbound')
      .set({
        outcome: outcome.kind === 'ignored' ? `ignored: ${outcome.reason}` : outcome.kind,
        ticket_id: ticketId,
        comment_id: commentId,
      })
      .where('mailbox_id', '=', mailbox.id)
      .where('message_id', '=', messageId)
      .execute();
    return outcome;
  };
  const from = mail.from?.value[0];
  const address = from?.address?.toLowerCase();
  const loop = automaticReason({
    autoSubmitted: headerText(mail, 'auto-submitted'),
    precedence: headerText(mail, 'precedence'),
    from: address,
    contentType: headerText(mail, 'content-type'),
  });
  if (loop) return done({ kind: 'ignored', reason: loop });
  const ours = await scope.trx
    .selectFrom('mail_outbox')
    .select('id')
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  if (ours || messageId.startsWith('<deskline.')) return done({ kind: 'ignored', reason: 'our own mail' });
  if (!address) return done({ kind: 'ignored', reason: 'no sender address' });
  const contact = await senderContact(scope, mailbox, { address, name: from?.name ?? '' });
  if (!contact) return done({ kind: 'ignored', reason: `unknown sender ${address}` });
  const text = mail.text ?? '';
  const ticketId = await repliedTicket(scope, mail);
  if (ticketId !== undefined) {
    const ticket = await scope.trx
      .selectFrom('tickets')
      .select(['requester_id', 'deleted_at'])
      .where('id', '=', ticketId)
      .executeTakeFirst();
    if (ticket && ticket.deleted_at === null && Number(ticket.requester_id) === contact.id) {
      const body = cutQuoted(text);
      const res = await addRequesterCommentIn(
        scope,
        { contactId: contact.id },
        ticketId,
        body === '' ? '(empty reply)' : body,
      );
      return done({ kind: 'reply', ticketId: res.ticketId, reopened: res.reopened }, res.commentId);
    }
  }
  const created = await newTicket(scope, contact, mail.subject ?? '', text);
  return done({ kind: 'ticket', ticketId: created.ticketId }, created.commentId);
}

/** Imports one raw message; a message already imported from this mailbox answers `duplicate`. */
export async function importMessage(store: Store, mailbox: MailboxRow, source: Buffer): Promise<ImportOutcome> {
  const mail = await simpleParser(source);
  const messageId =
    (mail.messageId ?? '').trim() || `<no-id.${createHash('sha256').update(source).digest('hex')}@deskline>`;
  try {
    return await store.write((scope) => importIn(scope, mailbox, mail, messageId));
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: 'duplicate' };
    throw err;
  }
}
