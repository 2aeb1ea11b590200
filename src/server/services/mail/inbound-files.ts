/**
 * The files a mail brings: each attachment is held to the upload checks (size, content type, archive
 * bomb budget — uploads/file-types.ts) before the import's transaction; those that pass are stored on
 * the comment the mail became, those refused are named with the reason on the ticket's activity log.
 * The whole message is kept too, as `message.eml`, so what was cut (quoted history, signature,
 * refused files) can still be read.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { WriteScope } from '../../store/store.js';
import { isDeskError } from '../../../core/errors.js';
import { MAX_UPLOAD_BYTES, checkUpload } from '../../uploads/file-types.js';
import { displayName } from '../tickets/attachments.js';
import { recordActivity, type ContactActor } from '../tickets/activity.js';

export type MailFile =
  | { readonly ok: true; readonly name: string; readonly mime: string; readonly data: Buffer }
  | { readonly ok: false; readonly name: string; readonly reason: string };

/** The activity field of a file a mail brought that was not stored. */
export const REFUSED_FIELD = 'mail attachment refused';

const reasonOf = (err: unknown) =>
  isDeskError(err) ? err.message : `it could not be read (${err instanceof Error ? err.message : String(err)})`;

/** Checks a mail's attachments and its original; nothing is written. */
export async function checkMailFiles(mail: ParsedMail, source: Buffer): Promise<MailFile[]> {
  const out: MailFile[] = [];
  for (const [i, a] of mail.attachments.entries()) {
    // A part shown inside an HTML body without a name of its own is part of the text, not a file.
    if (!a.filename && a.related) continue;
    const name = displayName(a.filename ?? `attachment-${i + 1}`);
    try {
      const checked = await checkUpload(a.content, name);
      out.push({ ok: true, name, mime: checked.mime, data: a.content });
    } catch (err) {
      out.push({ ok: false, name, reason: reasonOf(err) });
    }
  }
  out.push(
    source.length > MAX_UPLOAD_BYTES
      ? { ok: false, name: 'message.eml', reason: 'the original message is larger than 20 MB and was not kept' }
      : { ok: true, name: 'message.eml', mime: 'message/rfc822', data: source },
  );
  return out;
}

/**
 * Stores the checked files on a comment of the ticket (uploaded in the name of `uploaderId`, the
 * technician new mail is filed under) and logs each refused one.
 */
export async function storeMailFiles(
  scope: WriteScope,
  files: readonly MailFile[],
  at: { ticketId: number; commentId: number; uploaderId: number; contact: ContactActor },
): Promise<void> {
  for (const f of files) {
    if (!f.ok) {
      await recordActivity(scope, at.contact, at.ticketId, REFUSED_FIELD, null, `${f.name}: ${f.reason}`);
      continue;
    }
    await scope.trx
      .insertInto('attachments')
      .values({
        ticket_id: at.ticketId,
        comment_id: at.commentId,
        uploaded_by_id: at.uploaderId,
        file_name: f.name,
        stored_name: randomBytes(16).toString('hex'),
        mime: f.mime,
        size: f.data.length,
        sha256: createHash('sha256').update(f.data).digest('hex'),
        data: f.data,
        created_at: scope.now,
      })
      .execute();
  }
}
