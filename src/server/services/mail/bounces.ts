/**
 * A delivery report (bounce) that came back to a mailbox, matched to the outbox mail it returns by
 * that mail's `Message-ID` — from the returned headers, `X-Original-Message-ID`, or the report's
 * `In-Reply-To`/`References`. A failed delivery marks the outbox mail failed with the report's
 * reason (`desk admin mail queue`) and logs it on the ticket's activity; a bounce is never a
 * ticket or a reply.
 */
import type { ParsedMail } from 'mailparser';
import type { WriteScope } from '../../store/store.js';
import { cancel } from '../../deadlines/deadlines.js';
import { recordActivity } from '../tickets/activity.js';
import { bounceReason, failedRecipients, isDeliveryReport, readDeliveryReport } from '../../../core/bounce.js';
import { MAIL_SEND } from './outbox.js';

export type BounceOutcome =
  | { readonly kind: 'bounce'; readonly ticketId: number | null; readonly mailId: number }
  | { readonly kind: 'ignored'; readonly reason: string };

const headerValue = (mail: ParsedMail, name: string): string | undefined => {
  const v = mail.headers.get(name);
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return undefined;
};

/** Handles `mail` when it is a delivery report that names a mail of ours; undefined otherwise. */
export async function importBounce(
  scope: WriteScope,
  mail: ParsedMail,
  source: Buffer,
): Promise<BounceOutcome | undefined> {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (!isDeliveryReport(type?.value, type?.params?.['report-type']) || !type?.params?.boundary) return undefined;
  const report = readDeliveryReport(source.toString('latin1'), type.params.boundary);
  const refs = [
    ...report.originalIds,
    ...(headerValue(mail, 'x-original-message-id')?.match(/<[^<>\s]+>/g) ?? []),
    ...(mail.inReplyTo ? [mail.inReplyTo] : []),
    ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []),
  ];
  if (refs.length === 0) return undefined;
  const ours = await scope.trx
    .selectFrom('mail_outbox')
    .select(['id', 'ticket_id', 'message_id'])
    .where('message_id', 'in', refs)
    .execute();
  const row = refs.map((ref) => ours.find((o) => o.message_id === ref)).find((o) => o !== undefined);
  if (!row) return undefined;
  const failed = failedRecipients(report);
  if (failed.length === 0) return { kind: 'ignored', reason: `a delivery report on mail ${row.id} (not a failure)` };
  const reason = bounceReason(failed);
  await scope.trx
    .updateTable('mail_outbox')
    .set({ status: 'failed', last_error: reason, next_attempt_at: null, updated_at: scope.now })
    .where('id', '=', row.id)
    .execute();
  await cancel(scope, MAIL_SEND, String(row.id));
  const ticketId = row.ticket_id === null ? null : Number(row.ticket_id);
  if (ticketId !== null) await recordActivity(scope, null, ticketId, 'mail', null, `not delivered: ${reason}`);
  return { kind: 'bounce', ticketId, mailId: row.id };
}
