/**
 * The outbox: a mail is written here in the same transaction as the change that causes it, with a
 * deadline that has the mail worker (worker.ts) send it — so nothing committed goes unsent and
 * nothing rolled back goes out. `desk admin mail queue` lists it.
 */
import { randomUUID } from 'node:crypto';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { schedule } from '../../deadlines/deadlines.js';
import { settingValue } from '../settings.js';
import { iso } from '../../iso-time.js';
import { forbidden, invalid } from '../../../core/errors.js';
import { parseDuration } from '../../../core/duration.js';
import {
  DEFAULT_GIVE_UP_MS,
  MAIL_STATUSES,
  domainOf,
  type MailQueueItem,
  type MailStatus,
} from '../../../core/mail.js';
import type { TransportConfig } from './transport.js';

/** The deadline that sends (or retries) one outbox mail; its ref is the mail's id. */
export const MAIL_SEND = 'mail.send';

export interface OutgoingMail {
  readonly kind: 'reply' | 'code' | 'notice';
  /** Sent by Deskline on its own rather than written by a person (`Auto-Submitted`). */
  readonly automatic: boolean;
  readonly ticketId?: number;
  readonly commentId?: number;
  readonly contactId?: number;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly replyTo?: string;
}

/** Queues a mail inside a write; answers its id and `Message-ID`. */
export async function queueMail(
  scope: WriteScope,
  config: TransportConfig,
  mail: OutgoingMail,
): Promise<{ id: number; messageId: string }> {
  const { trx, now } = scope;
  const giveUpMs = parseDuration((await settingValue(trx, 'mail.give-up-after')) ?? '') ?? DEFAULT_GIVE_UP_MS;
  const messageId = `<deskline.${randomUUID()}@${domainOf(config.from.address)}>`;
  const row = await trx
    .insertInto('mail_outbox')
    .values({
      message_id: messageId,
      kind: mail.kind,
      automatic: mail.automatic ? 1 : 0,
      ticket_id: mail.ticketId ?? null,
      comment_id: mail.commentId ?? null,
      contact_id: mail.contactId ?? null,
      to_addresses: JSON.stringify(mail.to),
      cc_addresses: JSON.stringify(mail.cc ?? []),
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      in_reply_to: mail.inReplyTo ?? null,
      reference_ids: mail.references?.length ? mail.references.join(' ') : null,
      reply_to: mail.replyTo ?? null,
      status: 'queued',
      attempts: 0,
      last_error: null,
      next_attempt_at: now,
      give_up_at: now + giveUpMs,
      sent_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await schedule(scope, { kind: MAIL_SEND, ref: String(row.id), dueAt: now });
  return { id: row.id, messageId };
}

const addresses = (json: string) => JSON.parse(json) as string[];

/** The outbox, newest first (admin). */
export async function listQueue(
  store: Store,
  actor: Actor,
  query: { status?: string | undefined; limit?: number | undefined },
): Promise<MailQueueItem[]> {
  if (!actor.admin) throw forbidden('only an admin can see the mail queue');
  if (query.status !== undefined && !MAIL_STATUSES.includes(query.status as MailStatus)) {
    throw invalid(`--status must be one of ${MAIL_STATUSES.join(', ')}, got "${query.status}"`, 'status');
  }
  let q = store.db
    .selectFrom('mail_outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 1000));
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  return (await q.execute()).map((r) => ({
    id: r.id,
    messageId: r.message_id,
    kind: r.kind,
    ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    to: addresses(r.to_addresses),
    cc: addresses(r.cc_addresses),
    subject: r.subject,
    status: r.status as MailStatus,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt:
      r.status === 'queued' || r.status === 'sending' ? iso(Number(r.next_attempt_at ?? r.created_at)) : null,
    giveUpAt: iso(Number(r.give_up_at)),
    createdAt: iso(Number(r.created_at)),
    sentAt: r.sent_at === null ? null : iso(Number(r.sent_at)),
  }));
}
