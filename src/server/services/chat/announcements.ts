/**
 * What a chat change tells people: lines from Deskline in the transcript ("Sam joined the chat"),
 * technician-only notices, and the `chat.updated` event that carries the changed chat.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { iso } from '../../iso-time.js';
import type { ChatMessage } from '../../../core/chat.js';
import { chatView, customerChatView } from './chat-views.js';

type Db = Kysely<Database>;

/** A technician's name for a message or notice. */
export async function technicianName(db: Db, id: number): Promise<string> {
  const row = await db.selectFrom('technicians').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? `technician ${id}`;
}

/** Announces a changed chat to its technicians (company-scoped, addressed to the owner) and its customer. */
export async function emitChatUpdated(scope: WriteScope, row: ChatRow, change: string): Promise<void> {
  const [chat, customer] = await Promise.all([chatView(scope.trx, row), customerChatView(scope.trx, row)]);
  scope.emit({
    type: 'chat.updated',
    companyId: row.company_id,
    technicianId: row.owner_id ?? row.offered_to_id,
    contactId: row.contact_id,
    data: { chatId: row.id, change, chat, customerChat: customer },
  });
}

/** A technician-only notice: an offer that timed out, a transfer not accepted, an invitation expired. */
export function notice(scope: WriteScope, row: ChatRow, technicianId: number, kind: string, text: string): void {
  scope.emit({
    type: 'chat.notice',
    companyId: row.company_id,
    technicianId,
    data: { chatId: row.id, technicianId, kind, text },
  });
}

/**
 * Writes a line from Deskline into the transcript ("Sam joined the chat") and announces it, to the
 * customer as well unless it is internal.
 */
export async function systemMessage(scope: WriteScope, row: ChatRow, body: string, internal = false): Promise<number> {
  const m = await scope.trx
    .insertInto('chat_messages')
    .values({
      chat_id: row.id,
      author_kind: 'system',
      author_id: null,
      body,
      internal: internal ? 1 : 0,
      file_id: null,
      client_id: null,
      created_at: scope.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message: ChatMessage = {
    id: m.id,
    chatId: row.id,
    author: { kind: 'system', id: null, name: 'Deskline' },
    body,
    internal,
    file: null,
    clientId: null,
    createdAt: iso(scope.now),
  };
  scope.emit({
    type: 'chat.message',
    companyId: row.company_id,
    technicianId: row.owner_id,
    contactId: internal ? null : row.contact_id,
    data: { chatId: row.id, message },
  });
  return m.id;
}
