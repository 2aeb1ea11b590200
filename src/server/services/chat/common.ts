/**
 * What the chat services share: loading a chat under a row lock, access checks, system messages,
 * notices and the events that announce a changed chat.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { assertCompanyVisible, scopeOf } from '../access.js';
import { settingValue } from '../settings.js';
import { chatView, customerChatView } from './views.js';
import { iso } from '../time.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { parseDuration } from '../../../core/duration.js';
import {
  DEFAULT_AUTO_TICKET_MS,
  DEFAULT_INVITE_TIMEOUT_MS,
  DEFAULT_OFFER_TIMEOUT_MS,
  type ChatMessage,
} from '../../../core/chat.js';

type Db = Kysely<Database>;

/** Loads a chat inside a write, locking its row on PostgreSQL so changes to one chat run one at a time. */
export async function lockChat(scope: WriteScope, id: number): Promise<ChatRow | undefined> {
  let q = scope.trx.selectFrom('chats').selectAll().where('id', '=', id);
  if (scope.dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A chat the technician may see (its company is granted to them), else not found. */
export async function visibleChat(db: Db, actor: Actor, id: number): Promise<ChatRow> {
  const row = await db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`chat ${id}`);
  assertCompanyVisible(await scopeOf(db, actor), row.company_id, `chat ${id}`);
  return row;
}

/** {@link visibleChat} inside a write, with the row locked. */
export async function lockVisibleChat(scope: WriteScope, actor: Actor, id: number): Promise<ChatRow> {
  const row = await lockChat(scope, id);
  if (!row) throw notFound(`chat ${id}`);
  assertCompanyVisible(await scopeOf(scope.trx, actor), row.company_id, `chat ${id}`);
  return row;
}

/** Whether a technician may work a company's chats: an admin, or granted the company. */
export async function technicianCanSee(db: Db, technicianId: number, companyId: number): Promise<boolean> {
  const tech = await db.selectFrom('technicians').select('is_admin').where('id', '=', technicianId).executeTakeFirst();
  if (!tech) return false;
  if (tech.is_admin === 1) return true;
  const grant = await db
    .selectFrom('grants')
    .select('company_id')
    .where('technician_id', '=', technicianId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return grant !== undefined;
}

export async function technicianName(db: Db, id: number): Promise<string> {
  const row = await db.selectFrom('technicians').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? `technician ${id}`;
}

/** The wrap-up reason with this name (any case), by its canonical spelling. */
export async function wrapupReason(db: Db, name: string): Promise<string> {
  const row = await db
    .selectFrom('wrapup_reasons')
    .select('name')
    .where('key', '=', name.trim().toLowerCase())
    .executeTakeFirst();
  if (row) return row.name;
  const known = await db.selectFrom('wrapup_reasons').select('name').orderBy('name').execute();
  throw invalid(
    known.length
      ? `unknown wrap-up reason "${name}" (known: ${known.map((k) => k.name).join(', ')})`
      : `unknown wrap-up reason "${name}": an admin adds reasons with \`desk admin wrapup add REASON\``,
    'reason',
  );
}

async function durationSetting(db: Db, key: 'chat.auto-ticket-after' | 'chat.invite-timeout', fallback: number) {
  const raw = await settingValue(db, key);
  return (raw !== null ? parseDuration(raw) : undefined) ?? fallback;
}

export const autoTicketMs = (db: Db) => durationSetting(db, 'chat.auto-ticket-after', DEFAULT_AUTO_TICKET_MS);
export const inviteTimeoutMs = (db: Db) => durationSetting(db, 'chat.invite-timeout', DEFAULT_INVITE_TIMEOUT_MS);

export async function queueTimeoutMs(db: Db, queueId: number): Promise<number> {
  const q = await db.selectFrom('chat_queues').select('offer_timeout_ms').where('id', '=', queueId).executeTakeFirst();
  return q ? Number(q.offer_timeout_ms) : DEFAULT_OFFER_TIMEOUT_MS;
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
export async function systemMessage(scope: WriteScope, row: ChatRow, body: string, internal = false): Promise<void> {
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
}

/** Updates a chat row (always its `updated_at`) and returns the fresh row. */
export async function updateChat(scope: WriteScope, id: number, set: Partial<Omit<ChatRow, 'id'>>): Promise<ChatRow> {
  return scope.trx
    .updateTable('chats')
    .set({ ...set, updated_at: scope.now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function requireState(row: ChatRow, states: readonly string[], doing: string): void {
  if (!states.includes(row.state)) throw conflict(`chat ${row.id} is ${row.state}: cannot ${doing}`);
}
