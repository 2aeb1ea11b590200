/**
 * Chat messages and files. A technician's message must pass the composer rules (the client checks
 * them too); a customer's must not be blank or too long. Every message carries a client-chosen id,
 * backed by a unique index, so a resend after a network fault is stored once and answered with the
 * original. Files are checked by content (src/server/uploads) and stored in the database.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { isUniqueViolation } from '../../store/errors.js';
import { iso } from '../../iso-time.js';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors.js';
import { checkComposer } from '../../../core/composer.js';
import { sanitizeLine } from '../../../core/terminal.js';
import { sendInput, type ChatMessage } from '../../../core/chat.js';
import { checkCustomerMessage } from '../../../core/customer-chat.js';
import { checkUpload } from '../../uploads/file-types.js';
import { authorNames, messageView, type Author, type FileInfo } from './message-views.js';
import { lockChat, lockVisibleChat, visibleChat } from './chat-access.js';
import { canSeeCompany, scopeOf } from '../access.js';
import { RateLimited, type CustomerActor } from './customers.js';
import { MessageBatcher } from './batch.js';
import { customerPlace, customerWindow } from './chat-customers.js';

type Db = Kysely<Database>;

/** A token bucket per sender (in memory, per server process). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  take(key: string, now = Date.now()): void {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      throw new RateLimited('too many messages; slow down', ((1 - b.tokens) / this.perSecond) * 1000);
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.buckets.clear();
  }
}

const messageLimiter = new RateLimiter(60, 20);
const uploadLimiter = new RateLimiter(10, 10 / 60);

/** Inserts one message into a chat and announces it (to the customer too unless internal). */
export async function insertMessage(
  scope: WriteScope,
  chat: ChatRow,
  author: Author,
  body: string,
  file: FileInfo | null,
  clientId: string | undefined,
): Promise<ChatMessage> {
  const row = await scope.trx
    .insertInto('chat_messages')
    .values({
      chat_id: chat.id,
      author_kind: author.kind,
      author_id: author.id,
      body,
      internal: 0,
      file_id: file?.id ?? null,
      client_id: clientId ?? null,
      created_at: scope.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const names =
    author.name !== undefined
      ? {
          technicians: new Map(author.kind === 'technician' ? [[author.id, author.name]] : []),
          contacts: new Map(author.kind === 'contact' ? [[author.id, author.name]] : []),
        }
      : await authorNames(scope.trx, [row]);
  const message = messageView(row, names, file ?? undefined);
  scope.emit({
    type: 'chat.message',
    companyId: chat.company_id,
    technicianId: chat.owner_id,
    contactId: chat.contact_id,
    data: { chatId: chat.id, message },
  });
  return message;
}

async function findByClientId(
  db: Db,
  chatId: number,
  author: Author,
  clientId: string,
): Promise<ChatMessage | undefined> {
  const row = await db
    .selectFrom('chat_messages')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('author_kind', '=', author.kind)
    .where('author_id', '=', author.id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) return undefined;
  const file =
    row.file_id === null
      ? undefined
      : await db
          .selectFrom('chat_files')
          .select(['id', 'name', 'mime', 'size'])
          .where('id', '=', row.file_id)
          .executeTakeFirst();
  return messageView(row, await authorNames(db, [row]), file);
}

/**
 * Who may write in a chat now: its owner or an active conference participant, while it is open. A
 * technician who may not even see the chat is told it does not exist.
 */
async function checkTechnicianMayWrite(db: Db, actor: Actor, chat: ChatRow): Promise<void> {
  if (chat.owner_id !== actor.id) {
    const part = await db
      .selectFrom('chat_participants')
      .select(['state'])
      .where('chat_id', '=', chat.id)
      .where('technician_id', '=', actor.id)
      .executeTakeFirst();
    if (part?.state !== 'active') {
      if (!canSeeCompany(await scopeOf(db, actor), chat.company_id)) throw notFound(`chat ${chat.id}`);
      throw forbidden(`you are not in chat ${chat.id}: accept it or join its conference first`);
    }
  }
  const open = chat.state === 'active' || (chat.state === 'offered' && chat.initiated_by === 'technician');
  if (!open) throw conflict(`chat ${chat.id} is ${chat.state}: no more messages`);
}

async function checkCustomerMayWrite(db: Db, customer: CustomerActor, chat: ChatRow): Promise<void> {
  if (!(await customerPlace(db, chat, customer.contactId))) throw notFound(`chat ${chat.id}`);
  const open =
    chat.state === 'active' ||
    (chat.initiated_by === 'customer' && (chat.state === 'requested' || chat.state === 'offered'));
  if (!open) {
    throw conflict(
      chat.state === 'offered' ? `accept chat ${chat.id} first` : `chat ${chat.id} is ${chat.state}: no more messages`,
    );
  }
}

const batchers = new WeakMap<Store, MessageBatcher>();

/** Commits concurrent messages together (see batch.ts); one per store. */
function batcherFor(store: Store): MessageBatcher {
  let batcher = batchers.get(store);
  if (!batcher) {
    batcher = new MessageBatcher(store);
    batchers.set(store, batcher);
  }
  return batcher;
}

/** How many transactions and messages a store's batcher has committed (for tests and benchmarks). */
export function batchStats(store: Store): { batches: number; messages: number } {
  return { ...(batchers.get(store)?.stats ?? { batches: 0, messages: 0 }) };
}

/**
 * A technician's message. Everything about the chat (that it exists and is visible, that I am in it,
 * that it is open, that the client id is new) is checked in the transaction that stores it: one
 * round of the batcher, no reads before.
 */
export async function sendAsTechnician(store: Store, actor: Actor, chatId: number, raw: unknown): Promise<ChatMessage> {
  const input = sendInput.parse(raw);
  const check = checkComposer(input.body);
  if (!check.ok) throw invalid(check.reason, 'body');
  const author: Author = { kind: 'technician', id: actor.id, name: actor.name };
  messageLimiter.take(`t:${actor.id}`);
  return deliver(store, chatId, author, input.body, input.clientId, (row, trx) =>
    checkTechnicianMayWrite(trx, actor, row),
  );
}

/** A customer's message; a resend with the same client id answers with the stored one. */
export async function sendAsCustomer(
  store: Store,
  customer: CustomerActor,
  chatId: number,
  raw: unknown,
): Promise<ChatMessage> {
  const input = sendInput.parse(raw);
  const problem = checkCustomerMessage(input.body);
  if (problem) throw invalid(problem, 'body');
  const author: Author = { kind: 'contact', id: customer.contactId, name: customer.name };
  messageLimiter.take(`c:${customer.contactId}`);
  return deliver(store, chatId, author, input.body, input.clientId, (row, trx) =>
    checkCustomerMayWrite(trx, customer, row),
  );
}

/**
 * Stores a message through the group-commit batcher. The chat's state is checked again inside the
 * transaction that stores it; a duplicate client id answers with the original.
 */
async function deliver(
  store: Store,
  chatId: number,
  author: Author,
  body: string,
  clientId: string | undefined,
  recheck: (row: ChatRow, trx: Db) => Promise<void>,
): Promise<ChatMessage> {
  try {
    return await batcherFor(store).submit({ chatId, author, body, clientId, recheck });
  } catch (err) {
    if (clientId && isUniqueViolation(err)) {
      const again = await findByClientId(store.db, chatId, author, clientId);
      if (again) return again;
    }
    throw err;
  }
}

// ---------- files

/** A file name as shown to people: the last path part, made inert, at most 200 characters. */
function displayName(raw: string): string {
  const base = sanitizeLine(raw.split(/[\\/]/).pop() ?? '').trim();
  return (base || 'file').slice(0, 200);
}

async function storeFile(
  store: Store,
  chatId: number,
  author: Author,
  name: string,
  data: Buffer,
  clientId: string | undefined,
  lock: (scope: WriteScope) => Promise<ChatRow>,
): Promise<ChatMessage> {
  const checked = await checkUpload(data, name);
  const shown = displayName(name);
  const sha256 = createHash('sha256').update(data).digest('hex');
  try {
    return await store.write(async (scope) => {
      const chat = await lock(scope);
      const file = await scope.trx
        .insertInto('chat_files')
        .values({
          chat_id: chatId,
          name: shown,
          mime: checked.mime,
          size: data.length,
          sha256,
          data,
          created_at: scope.now,
        })
        .returning(['id', 'name', 'mime', 'size'])
        .executeTakeFirstOrThrow();
      return insertMessage(scope, chat, author, `[file] ${shown}`, file, clientId);
    });
  } catch (err) {
    if (clientId && isUniqueViolation(err)) {
      const again = await findByClientId(store.db, chatId, author, clientId);
      if (again) return again;
    }
    throw err;
  }
}

export async function attachAsTechnician(
  store: Store,
  actor: Actor,
  chatId: number,
  name: string,
  data: Buffer,
  clientId: string | undefined,
): Promise<ChatMessage> {
  const author: Author = { kind: 'technician', id: actor.id, name: actor.name };
  await visibleChat(store.db, actor, chatId);
  if (clientId) {
    const again = await findByClientId(store.db, chatId, author, clientId);
    if (again) return again;
  }
  uploadLimiter.take(`t:${actor.id}`);
  return storeFile(store, chatId, author, name, data, clientId, async (scope) => {
    const chat = await lockVisibleChat(scope, actor, chatId);
    await checkTechnicianMayWrite(scope.trx, actor, chat);
    return chat;
  });
}

export async function attachAsCustomer(
  store: Store,
  customer: CustomerActor,
  chatId: number,
  name: string,
  data: Buffer,
  clientId: string | undefined,
): Promise<ChatMessage> {
  const author: Author = { kind: 'contact', id: customer.contactId, name: customer.name };
  if (clientId) {
    const again = await findByClientId(store.db, chatId, author, clientId);
    if (again) return again;
  }
  uploadLimiter.take(`c:${customer.contactId}`);
  return storeFile(store, chatId, author, name, data, clientId, async (scope) => {
    const chat = await lockChat(scope, chatId);
    if (!chat) throw notFound(`chat ${chatId}`);
    await checkCustomerMayWrite(scope.trx, customer, chat);
    return chat;
  });
}

/** A chat file's bytes, for a technician who sees the chat or the chat's customer. */
export async function readFile(
  db: Db,
  who: { technician: Actor } | { customer: CustomerActor },
  chatId: number,
  fileId: number,
) {
  if ('technician' in who) await visibleChat(db, who.technician, chatId);
  else {
    const chat = await db.selectFrom('chats').select(['id', 'contact_id']).where('id', '=', chatId).executeTakeFirst();
    const window = chat && (await customerWindow(db, chat, who.customer.contactId));
    if (!window) throw notFound(`chat ${chatId}`);
    const { after, until } = window;
    // A guest sees the files sent while they were in the session.
    if (after > 0 || until !== null) {
      const seen = await db
        .selectFrom('chat_messages')
        .select('id')
        .where('chat_id', '=', chatId)
        .where('file_id', '=', fileId)
        .where('id', '>', after)
        .$if(until !== null, (q) => q.where('id', '<=', until ?? 0))
        .executeTakeFirst();
      if (!seen) throw notFound(`file ${fileId}`);
    }
  }
  const file = await db
    .selectFrom('chat_files')
    .selectAll()
    .where('id', '=', fileId)
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  if (!file) throw notFound(`file ${fileId}`);
  return { name: file.name, mime: file.mime, data: Buffer.from(file.data), createdAt: iso(file.created_at) };
}
