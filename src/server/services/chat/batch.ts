/**
 * Group commit for chat messages. Messages that arrive while a transaction is committing wait and
 * are then stored together in the next one: one transaction (one fsync on SQLite, one commit on
 * PostgreSQL) for many messages, each still checked on its own (its chat's state, its author's
 * right to write, its client id) and each acknowledged only after the commit that holds it.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import { notFound } from '../../../core/errors.js';
import type { ChatMessage } from '../../../core/chat.js';
import { authorNames, messageView, type Author } from './message-views.js';

export interface MessageRequest {
  readonly chatId: number;
  readonly author: Author;
  readonly body: string;
  readonly clientId: string | undefined;
  /** Throws when the author may no longer write in the chat as it is now (read through `trx`). */
  readonly recheck: (chat: ChatRow, trx: Kysely<Database>) => Promise<void>;
}

interface Pending extends MessageRequest {
  resolve(message: ChatMessage): void;
  reject(err: unknown): void;
}

/**
 * Most messages committed in one transaction. `DESK_CHAT_MAX_BATCH=1` turns group commit off (one
 * transaction per message), for benchmarks that measure what it brings.
 */
const MAX_BATCH = Math.max(1, Number(process.env.DESK_CHAT_MAX_BATCH) || 512);

export class MessageBatcher {
  readonly store: Store;
  private queue: Pending[] = [];
  private workers = 0;
  /**
   * Transactions in flight at once. SQLite has one connection (and a synchronous driver): one. On
   * PostgreSQL a few overlap, so one batch's round trips and commit do not hold up the next; their
   * events get their positions in the log after commit (store/event-sequencer.ts).
   */
  private readonly maxWorkers: number;
  /** Transactions and messages committed, for benchmarks. */
  readonly stats = { batches: 0, messages: 0 };

  constructor(store: Store) {
    this.store = store;
    this.maxWorkers = store.dialect === 'postgres' ? 3 : 1;
  }

  submit(request: MessageRequest): Promise<ChatMessage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      if (this.workers < this.maxWorkers) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.workers += 1;
    try {
      while (this.queue.length > 0) {
        // Let requests that have already arrived reach the queue first. With SQLite the driver is
        // synchronous: a transaction never yields to I/O, so without this pause every batch would
        // hold one message.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.store.write((scope) => writeBatch(scope, batch));
          this.stats.batches += 1;
          this.stats.messages += batch.length;
          batch.forEach((p, i) => {
            const o = outcomes[i];
            if (o && 'message' in o) p.resolve(o.message);
            else p.reject(o?.error ?? new Error('message not stored'));
          });
        } catch (err) {
          if (batch.length === 1) {
            batch[0]?.reject(err);
            continue;
          }
          // One message broke the whole transaction (a client id stored by a concurrent writer):
          // store the others one by one so only that one fails.
          for (const p of batch) {
            try {
              const [o] = await this.store.write((scope) => writeBatch(scope, [p]));
              if (o && 'message' in o) p.resolve(o.message);
              else p.reject(o?.error ?? new Error('message not stored'));
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.workers -= 1;
    }
  }
}

type Outcome = { message: ChatMessage } | { error: unknown };

async function writeBatch(scope: WriteScope, batch: readonly MessageRequest[]): Promise<Outcome[]> {
  const { trx, now } = scope;
  const chatIds = [...new Set(batch.map((p) => p.chatId))].sort((a, b) => a - b);
  let q = trx.selectFrom('chats').selectAll().where('id', 'in', chatIds).orderBy('id');
  if (scope.dialect === 'postgres') q = q.forUpdate();
  const chats = new Map((await q.execute()).map((c) => [c.id, c]));
  const outcomes: Array<Outcome | undefined> = [];
  const keyOf = (p: MessageRequest) => `${p.chatId}:${p.author.kind}:${p.author.id}:${p.clientId}`;
  // Client ids already stored (a resend after a fault): answer with the stored message, whatever the
  // chat's state now. Only the author's own message matches (the key holds the author).
  const withIds = batch.filter((p) => p.clientId !== undefined);
  const stored = new Map<string, ChatMessage>();
  if (withIds.length > 0) {
    const rows = await trx
      .selectFrom('chat_messages')
      .selectAll()
      .where('chat_id', 'in', [...new Set(withIds.map((p) => p.chatId))])
      .where('client_id', 'in', [...new Set(withIds.map((p) => p.clientId!))])
      .execute();
    if (rows.length > 0) {
      const names = await authorNames(trx, rows);
      const fileIds = rows.map((r) => r.file_id).filter((f): f is number => f !== null);
      const files = fileIds.length
        ? await trx.selectFrom('chat_files').select(['id', 'name', 'mime', 'size']).where('id', 'in', fileIds).execute()
        : [];
      for (const r of rows) {
        const file = files.find((f) => f.id === r.file_id);
        stored.set(`${r.chat_id}:${r.author_kind}:${r.author_id}:${r.client_id}`, messageView(r, names, file));
      }
    }
  }
  const fresh: number[] = [];
  const firstByKey = new Map<string, number>();
  for (const [i, p] of batch.entries()) {
    if (p.clientId !== undefined) {
      const old = stored.get(keyOf(p));
      if (old) {
        outcomes[i] = { message: old };
        continue;
      }
    }
    try {
      const chat = chats.get(p.chatId);
      if (!chat) throw notFound(`chat ${p.chatId}`);
      await p.recheck(chat, trx);
    } catch (err) {
      outcomes[i] = { error: err };
      continue;
    }
    if (p.clientId !== undefined) {
      if (firstByKey.has(keyOf(p))) continue; // a duplicate within this batch: answered with its first
      firstByKey.set(keyOf(p), i);
    }
    fresh.push(i);
  }
  if (fresh.length > 0) {
    const rows = await trx
      .insertInto('chat_messages')
      .values(
        fresh.map((i) => {
          const p = batch[i]!;
          return {
            chat_id: p.chatId,
            author_kind: p.author.kind,
            author_id: p.author.id,
            body: p.body,
            internal: 0,
            file_id: null,
            client_id: p.clientId ?? null,
            created_at: now,
          };
        }),
      )
      .returningAll()
      .execute();
    rows.sort((a, b) => a.id - b.id);
    const names = {
      technicians: new Map<number, string>(),
      contacts: new Map<number, string>(),
    };
    for (const i of fresh) {
      const a = batch[i]!.author;
      if (a.name !== undefined) (a.kind === 'technician' ? names.technicians : names.contacts).set(a.id, a.name);
    }
    const missing = rows.filter((r) =>
      r.author_kind === 'technician' ? !names.technicians.has(r.author_id ?? 0) : !names.contacts.has(r.author_id ?? 0),
    );
    if (missing.length) {
      const more = await authorNames(trx, missing);
      for (const [k, v] of more.technicians) names.technicians.set(k, v);
      for (const [k, v] of more.contacts) names.contacts.set(k, v);
    }
    fresh.forEach((i, n) => {
      const row = rows[n]!;
      const message = messageView(row, names);
      const chat = chats.get(row.chat_id)!;
      outcomes[i] = { message };
      scope.emit({
        type: 'chat.message',
        companyId: chat.company_id,
        technicianId: chat.owner_id,
        contactId: chat.contact_id,
        data: { chatId: chat.id, message },
      });
    });
  }
  // Duplicates within the batch answer with their first.
  return batch.map((p, i) => {
    const o = outcomes[i];
    if (o) return o;
    const first = p.clientId !== undefined ? firstByKey.get(keyOf(p)) : undefined;
    const firstOutcome = first !== undefined ? outcomes[first] : undefined;
    return firstOutcome ?? { error: new Error('message not stored') };
  });
}
