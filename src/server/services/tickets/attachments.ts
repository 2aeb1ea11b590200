/**
 * Files on ticket comments (DESIGN §2.4, §2.6). An upload is checked by size
 * and content (magic bytes; archives inflated against a budget), stored in the
 * database under a generated name — never the user's file name — and linked to
 * the reply or note it is sent with. Uploads never linked are removed after a
 * day by a stored deadline.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { ticketInScope } from './lookup.js';
import { schedule } from '../../deadlines/deadlines.js';
import { checkUpload } from '../../uploads/file-types.js';
import { iso } from '../../iso-time.js';
import { invalid, notFound } from '../../../core/errors.js';
import { sanitizeLine } from '../../../core/terminal.js';
import type { Attachment } from '../../../core/ticket-properties.js';

export const ORPHAN_UPLOAD_MS = 24 * 3_600_000;
export const ATTACHMENT_ORPHAN = 'attachment.orphan';

const META = [
  'attachments.id',
  'attachments.ticket_id',
  'attachments.comment_id',
  'attachments.file_name',
  'attachments.mime',
  'attachments.size',
  'attachments.sha256',
  'attachments.uploaded_by_id',
  'attachments.created_at',
  'technicians.name as uploader_name',
] as const;

type MetaRow = {
  id: number;
  ticket_id: number;
  comment_id: number | null;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_by_id: number;
  created_at: number;
  uploader_name: string;
};

function view(r: MetaRow): Attachment {
  return {
    id: r.id,
    ticketId: Number(r.ticket_id),
    commentId: r.comment_id === null ? null : Number(r.comment_id),
    name: r.file_name,
    mime: r.mime,
    size: Number(r.size),
    sha256: r.sha256,
    uploadedBy: { id: Number(r.uploaded_by_id), name: r.uploader_name },
    createdAt: iso(r.created_at),
  };
}

/** The name shown for a file: its last path part, inert, at most 200 characters. */
export function displayName(raw: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/^\.+/, '');
  const clean = sanitizeLine(base)
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  return Array.from(clean).slice(0, 200).join('') || 'file';
}

function metaQuery(db: Kysely<Database>) {
  return db
    .selectFrom('attachments')
    .innerJoin('technicians', 'technicians.id', 'attachments.uploaded_by_id')
    .select([...META]);
}

/** Stores an upload for a ticket; it is attached when a comment names it. */
export async function uploadAttachment(
  store: Store,
  actor: Actor,
  ticketId: number,
  body: unknown,
  rawName: string,
): Promise<Attachment> {
  if (!Buffer.isBuffer(body)) throw invalid('send the file as application/octet-stream', 'file');
  await ticketInScope(store.db, actor, ticketId);
  const name = displayName(rawName);
  const checked = await checkUpload(body, name);
  const sha256 = createHash('sha256').update(body).digest('hex');
  return store.write(async (scope) => {
    const { trx, now } = scope;
    await ticketInScope(trx, actor, ticketId);
    const row = await trx
      .insertInto('attachments')
      .values({
        ticket_id: ticketId,
        comment_id: null,
        uploaded_by_id: actor.id,
        file_name: name,
        stored_name: randomBytes(16).toString('hex'),
        mime: checked.mime,
        size: body.length,
        sha256,
        data: body,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedule(scope, { kind: ATTACHMENT_ORPHAN, ref: String(row.id), dueAt: now + ORPHAN_UPLOAD_MS });
    return view({
      id: row.id,
      ticket_id: ticketId,
      comment_id: null,
      file_name: name,
      mime: checked.mime,
      size: body.length,
      sha256,
      uploaded_by_id: actor.id,
      created_at: now,
      uploader_name: actor.name,
    });
  });
}

/** Links the actor's pending uploads of this ticket to a comment. */
export async function linkAttachments(
  scope: WriteScope,
  actor: Actor,
  ticketId: number,
  commentId: number,
  ids: readonly number[],
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const rows = await scope.trx
    .selectFrom('attachments')
    .select(['id', 'ticket_id', 'comment_id', 'uploaded_by_id'])
    .where('id', 'in', unique)
    .execute();
  for (const id of unique) {
    const r = rows.find((x) => x.id === id);
    if (!r || Number(r.ticket_id) !== ticketId || Number(r.uploaded_by_id) !== actor.id || r.comment_id !== null) {
      throw invalid(`attachment ${id} is not a pending upload of yours on ticket ${ticketId}`, 'attachmentIds');
    }
  }
  await scope.trx.updateTable('attachments').set({ comment_id: commentId }).where('id', 'in', unique).execute();
}

/** Attachments of a ticket's comments (pending uploads left out). */
export async function listAttachments(db: Kysely<Database>, actor: Actor, ticketId: number): Promise<Attachment[]> {
  await ticketInScope(db, actor, ticketId);
  const rows = await metaQuery(db)
    .where('attachments.ticket_id', '=', ticketId)
    .where('attachments.comment_id', 'is not', null)
    .orderBy('attachments.id')
    .execute();
  return rows.map(view);
}

export async function attachmentsOfComments(
  db: Kysely<Database>,
  commentIds: readonly number[],
): Promise<Map<number, Attachment[]>> {
  const out = new Map<number, Attachment[]>();
  if (commentIds.length === 0) return out;
  const rows = await metaQuery(db)
    .where('attachments.comment_id', 'in', [...commentIds])
    .orderBy('attachments.id')
    .execute();
  for (const r of rows) {
    const list = out.get(Number(r.comment_id)) ?? [];
    list.push(view(r));
    out.set(Number(r.comment_id), list);
  }
  return out;
}

/** One attachment with its bytes, for download. */
export async function attachmentContent(db: Kysely<Database>, actor: Actor, ticketId: number, fileId: number) {
  await ticketInScope(db, actor, ticketId);
  const row = await db
    .selectFrom('attachments')
    .select(['id', 'file_name', 'mime', 'size', 'data', 'comment_id', 'uploaded_by_id'])
    .where('id', '=', fileId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!row || (row.comment_id === null && Number(row.uploaded_by_id) !== actor.id)) {
    throw notFound(`attachment ${fileId} of ticket ${ticketId}`);
  }
  return { name: row.file_name, mime: row.mime, data: Buffer.from(row.data) };
}

/** The files of one comment with their bytes, read as a download reads them (a public reply's mail carries them). */
export async function commentFileContents(db: Kysely<Database>, commentId: number) {
  const rows = await db
    .selectFrom('attachments')
    .select(['file_name', 'mime', 'data'])
    .where('comment_id', '=', commentId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ name: r.file_name, mime: r.mime, data: Buffer.from(r.data) }));
}

/** The deadline handler: an upload still not attached after a day is removed. */
export async function removeOrphanUpload(scope: WriteScope, id: number): Promise<void> {
  await scope.trx.deleteFrom('attachments').where('id', '=', id).where('comment_id', 'is', null).execute();
}
