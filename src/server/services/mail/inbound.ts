/**
 * One message read from a mailbox, imported in one transaction with its `mail_inbound` row (unique
 * per mailbox and `Message-ID`, so a message read twice — a crash before it was flagged — is
 * imported once). Mail nobody should answer (auto-replies, lists, bounces, our own) is recorded and
 * left; a delivery report on mail of ours marks that mail failed (bounces.ts). A reply — matched by `In-Reply-To`/`References`, then the `[#N]` subject token, then the
 * reply address — becomes the requester's public comment (reopening the ticket, landing on a merge
 * target), the quoted history cut; other mail from a contact (or, for a mailbox with a company, from
 * anyone, who becomes a contact of it) becomes a new ticket.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Store, WriteScope } from '../../store/store.js';
import { isUniqueViolation } from '../../store/errors.js';
import { addRequesterCommentIn } from '../tickets/requester-comments.js';
import { sanitizeLine } from '../../../core/terminal.js';
import { TITLE_MAX } from '../../../core/tickets.js';
import { ticketFromAddress, ticketFromSubject } from '../../../core/mail.js';
import {
  DEFAULT_SENDER_LIMIT,
  SENDER_LIMIT_WINDOW_MS,
  automaticReason,
  cutQuoted,
  markedAsSpam,
} from '../../../core/inbound-mail.js';
import { settingValue } from '../settings.js';
import { checkMailFiles, storeMailFiles, type MailFile } from './inbound-files.js';
import { mailRequestReceived } from './ticket-notices.js';
import { firstAdmin, openRequesterTicket } from '../tickets/requester-tickets.js';
import { mailCustomerReply } from './technician-mail.js';
import { importBounce } from './bounces.js';

export interface MailboxRow {
  readonly id: number;
  readonly company_id: number | null;
}

export type ImportOutcome =
  | { readonly kind: 'ticket'; readonly ticketId: number }
  | { readonly kind: 'reply'; readonly ticketId: number; readonly reopened: boolean }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'bounce'; readonly ticketId: number | null; readonly mailId: number }
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

/** The technician mail is filed under (the first admin): the creator of its tickets, the uploader of its files. */
const mailTechnician = firstAdmin;

/**
 * New tickets opened by this contact's mail within the last hour. A ticket opened by mail was made
 * in the same write as its `mail_inbound` row, so both have the same time: the contact's tickets of
 * the hour are found first (an index), then which of them came by mail.
 */
async function recentMailTickets(scope: WriteScope, contactId: number): Promise<number> {
  const since = scope.now - SENDER_LIMIT_WINDOW_MS;
  const row = await scope.trx
    .selectFrom('tickets')
    .innerJoin('mail_inbound', 'mail_inbound.ticket_id', 'tickets.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tickets.created_by_contact_id', '=', contactId)
    .where('tickets.created_at', '>', since)
    .where('mail_inbound.outcome', '=', 'ticket')
    .where('mail_inbound.created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function newTicket(
  scope: WriteScope,
  contact: { id: number; companyId: number },
  mail: { subject: string; body: string; spam: boolean },
) {
  const title = (sanitizeLine(mail.subject).trim() || '(no subject)').slice(0, TITLE_MAX);
  const { row, commentId, creatorId } = await openRequesterTicket(scope, {
    contact,
    title,
    message: mail.body.trim() === '' ? '(empty message)' : mail.body,
    type: 'incident',
    clientId: null,
    spam: mail.spam,
    createdNote: `${title} (by e-mail)`,
  });
  return { ticketId: row.id, commentId, technicianId: creatorId };
}

async function importIn(
  scope: WriteScope,
  mailbox: MailboxRow,
  read: ReadMessage,
  facts: BatchFacts,
): Promise<ImportOutcome> {
  const { mail, messageId, files, source } = read;
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
  const bounce = await importBounce(scope, mail, source);
  if (bounce) return done(bounce);
  const from = mail.from?.value[0];
  const address = from?.address?.toLowerCase();
  const loop = automaticReason({
    autoSubmitted: headerText(mail, 'auto-submitted'),
    precedence: headerText(mail, 'precedence'),
    from: address,
    contentType: headerText(mail, 'content-type'),
  });
  if (loop) return done({ kind: 'ignored', reason: loop });
  if (facts.ours.has(messageId) || messageId.startsWith('<deskline.'))
    return done({ kind: 'ignored', reason: 'our own mail' });
  if (!address) return done({ kind: 'ignored', reason: 'no sender address' });
  const contact = await senderContact(scope, mailbox, { address, name: from?.name ?? '' });
  if (!contact) return done({ kind: 'ignored', reason: `unknown sender ${address}` });
  const text = mail.text ?? '';
  const contactActor = { kind: 'contact', contactId: contact.id } as const;
  const spam = markedAsSpam({
    spamFlag: headerText(mail, 'x-spam-flag'),
    spamStatus: headerText(mail, 'x-spam-status'),
  });
  // Mail marked as spam never lands on a ticket someone works on: it becomes a spam ticket of its own.
  const ticketId = spam ? undefined : await repliedTicket(scope, mail);
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
      const uploader = await mailTechnician(scope);
      await storeMailFiles(scope, files, {
        ticketId: res.ticketId,
        commentId: res.commentId,
        uploaderId: uploader.id,
        contact: contactActor,
      });
      return done({ kind: 'reply', ticketId: res.ticketId, reopened: res.reopened }, res.commentId);
    }
  }
  const limit = facts.senderLimit;
  if ((await recentMailTickets(scope, contact.id)) >= limit) {
    return done({
      kind: 'ignored',
      reason: `${address} opened ${limit} tickets by mail in the last hour (mail.sender-limit)`,
    });
  }
  const created = await newTicket(scope, contact, { subject: mail.subject ?? '', body: text, spam });
  await storeMailFiles(scope, files, {
    ticketId: created.ticketId,
    commentId: created.commentId,
    uploaderId: created.technicianId,
    contact: contactActor,
  });
  return done({ kind: 'ticket', ticketId: created.ticketId }, created.commentId);
}

/** A raw message parsed, its files checked, its `Message-ID` settled: ready to import. */
export interface ReadMessage {
  readonly source: Buffer;
  readonly mail: ParsedMail;
  readonly files: readonly MailFile[];
  readonly messageId: string;
}

export async function readMessage(source: Buffer): Promise<ReadMessage> {
  // Only the text, the headers and the attachments are read: no HTML is made from the text.
  const mail = await simpleParser(source, { skipTextToHtml: true, skipImageLinks: true });
  const files = await checkMailFiles(mail, source);
  const messageId =
    (mail.messageId ?? '').trim() || `<no-id.${createHash('sha256').update(source).digest('hex')}@deskline>`;
  return { source, mail, files, messageId };
}

/**
 * What the imports of a batch read once, before their writes: the sender cap (`mail.sender-limit`)
 * and which of the batch's `Message-ID`s are of mail we sent (an outbox row is committed before its
 * mail leaves, so none of them can appear later).
 */
export interface BatchFacts {
  readonly senderLimit: number;
  readonly ours: ReadonlySet<string>;
}

export async function batchFacts(store: Store, reads: readonly ReadMessage[]): Promise<BatchFacts> {
  const ids = [...new Set(reads.map((r) => r.messageId))];
  const [limit, ours] = await Promise.all([
    settingValue(store.db, 'mail.sender-limit'),
    ids.length > 0
      ? store.db.selectFrom('mail_outbox').select('message_id').where('message_id', 'in', ids).execute()
      : [],
  ]);
  return {
    senderLimit: Number(limit ?? DEFAULT_SENDER_LIMIT),
    ours: new Set(ours.map((o) => o.message_id)),
  };
}

/**
 * Imports a message read with `readMessage` in a write of its own; one already imported from this
 * mailbox answers `duplicate`. Writes started together share a commit (the store's group commit),
 * in the order they were started.
 */
export async function importRead(
  store: Store,
  mailbox: MailboxRow,
  read: ReadMessage,
  facts: BatchFacts,
): Promise<ImportOutcome> {
  const { messageId } = read;
  try {
    return await store.write(async (scope) => {
      const outcome = await importIn(scope, mailbox, read, facts);
      if (outcome.kind === 'ticket') await mailRequestReceived(scope, store, outcome.ticketId, messageId);
      if (outcome.kind === 'reply') await mailCustomerReply(scope, store, outcome.ticketId);
      return outcome;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: 'duplicate' };
    throw err;
  }
}
