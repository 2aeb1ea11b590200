/**
 * Turns chat message rows into the API's messages: author names loaded for a whole batch, the
 * attached file's summary, and a chat's transcript in order.
 */
import type { Kysely } from 'kysely';
import type { ChatMessageRow, Database } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import type { ChatMessage } from '../../../core/chat.js';
import { names, unique } from './chat-views.js';

type Db = Kysely<Database>;

/** Who writes a message: a technician or the chat's customer (a contact). */
export interface Author {
  readonly kind: 'technician' | 'contact';
  readonly id: number;
  readonly name?: string;
}

export interface AuthorNames {
  technicians: Map<number, string>;
  contacts: Map<number, string>;
}

export async function authorNames(db: Db, rows: readonly ChatMessageRow[]): Promise<AuthorNames> {
  const techIds = unique(rows.filter((m) => m.author_kind === 'technician').map((m) => m.author_id));
  const contactIds = unique(rows.filter((m) => m.author_kind === 'contact').map((m) => m.author_id));
  const [technicians, contacts] = await Promise.all([
    names(db, 'technicians', techIds),
    contactIds.length
      ? db
          .selectFrom('contacts')
          .select(['id', 'name'])
          .where('id', 'in', contactIds)
          .execute()
          .then((rs) => new Map(rs.map((r) => [r.id, r.name])))
      : new Map<number, string>(),
  ]);
  return { technicians, contacts };
}

export interface FileInfo {
  id: number;
  name: string;
  mime: string;
  size: number;
}

export function messageView(m: ChatMessageRow, authors: AuthorNames, file?: FileInfo): ChatMessage {
  const kind = m.author_kind as 'contact' | 'technician' | 'system';
  const name =
    kind === 'technician'
      ? (authors.technicians.get(m.author_id ?? 0) ?? '')
      : kind === 'contact'
        ? (authors.contacts.get(m.author_id ?? 0) ?? '')
        : 'Deskline';
  return {
    id: m.id,
    chatId: m.chat_id,
    author: { kind, id: m.author_id, name },
    body: m.body,
    internal: m.internal === 1,
    file: file ? { id: file.id, name: file.name, type: file.mime, size: Number(file.size) } : null,
    clientId: m.client_id,
    createdAt: iso(m.created_at),
  };
}

/** A chat's messages in order; internal ones only for technicians. */
export async function transcript(db: Db, chatId: number, includeInternal: boolean): Promise<ChatMessage[]> {
  let q = db.selectFrom('chat_messages').selectAll().where('chat_id', '=', chatId).orderBy('id');
  if (!includeInternal) q = q.where('internal', '=', 0);
  const rows = await q.execute();
  const authors = await authorNames(db, rows);
  const fileIds = unique(rows.map((r) => r.file_id));
  const files = fileIds.length
    ? await db.selectFrom('chat_files').select(['id', 'name', 'mime', 'size']).where('id', 'in', fileIds).execute()
    : [];
  const fileById = new Map(files.map((f) => [f.id, f]));
  return rows.map((m) => messageView(m, authors, m.file_id === null ? undefined : fileById.get(m.file_id)));
}
