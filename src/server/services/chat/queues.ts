/**
 * Admin lists for live chat: queues (offer or pick mode, offer timeout, members) and wrap-up reasons.
 * The default queue is created by the migration; with no explicit members it has every technician.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors.js';
import {
  createQueueInput,
  queueMembersInput,
  updateQueueInput,
  wrapupInput,
  type Queue,
  type QueueMode,
  type Wrapup,
} from '../../../core/chat.js';
import type { CustomerQueueList } from '../../../core/customer-queues.js';
import { queueMemberIds, routeWaiting, type QueueRow } from './routing.js';

type Db = Kysely<Database>;

function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw forbidden('only an admin can do this');
}

/** A queue by name (any case) or id; the default queue when no name is given. */
export async function findQueue(db: Db, name: string | undefined): Promise<QueueRow> {
  if (name === undefined) {
    const def = await db.selectFrom('chat_queues').selectAll().where('is_default', '=', 1).executeTakeFirst();
    if (!def) throw notFound('default queue');
    return def;
  }
  const all = await db.selectFrom('chat_queues').selectAll().where('removed_at', 'is', null).execute();
  const found =
    all.find((q) => q.name.toLowerCase() === name.trim().toLowerCase()) ??
    (/^\d+$/.test(name.trim()) ? all.find((q) => q.id === Number(name)) : undefined);
  if (!found) throw notFound(`queue "${name}"`);
  return found;
}

async function queueView(db: Db, q: QueueRow): Promise<Queue> {
  const explicit = await db
    .selectFrom('chat_queue_members')
    .innerJoin('technicians', 'technicians.id', 'chat_queue_members.technician_id')
    .select(['technicians.id', 'technicians.name'])
    .where('chat_queue_members.queue_id', '=', q.id)
    .orderBy('technicians.id')
    .execute();
  return {
    id: q.id,
    name: q.name,
    mode: q.mode as QueueMode,
    offerTimeoutMs: Number(q.offer_timeout_ms),
    isDefault: q.is_default === 1,
    members: explicit,
    allTechnicians: q.is_default === 1 && explicit.length === 0,
  };
}

export async function listQueues(db: Db): Promise<Queue[]> {
  const rows = await db.selectFrom('chat_queues').selectAll().where('removed_at', 'is', null).orderBy('id').execute();
  return Promise.all(rows.map((r) => queueView(db, r)));
}

/**
 * The queues open to customers: not removed and with someone to answer in them (explicit members,
 * or the default queue that has every technician), the default first, then by name.
 */
export async function customerQueues(db: Db): Promise<CustomerQueueList> {
  const rows = await db.selectFrom('chat_queues').selectAll().where('removed_at', 'is', null).execute();
  const open: QueueRow[] = [];
  for (const q of rows) if ((await queueMemberIds(db, q)).length > 0) open.push(q);
  open.sort((a, b) => b.is_default - a.is_default || a.name.localeCompare(b.name));
  return { items: open.map((q) => ({ id: q.id, name: q.name, isDefault: q.is_default === 1 })) };
}

export async function addQueue(store: Store, actor: Actor, raw: unknown): Promise<Queue> {
  requireAdmin(actor);
  const input = createQueueInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    const all = await trx.selectFrom('chat_queues').select(['id', 'name', 'removed_at']).execute();
    const same = all.find((q) => q.name.toLowerCase() === input.name.toLowerCase());
    if (same && same.removed_at === null) throw conflict(`a queue named ${input.name} exists already`);
    // A removed queue of that name comes back (its chats' history stays with it).
    const row = same
      ? await trx
          .updateTable('chat_queues')
          .set({ name: input.name, mode: input.mode, offer_timeout_ms: input.offerTimeoutMs, removed_at: null })
          .where('id', '=', same.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('chat_queues')
          .values({
            name: input.name,
            mode: input.mode,
            offer_timeout_ms: input.offerTimeoutMs,
            is_default: 0,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    const queue = await queueView(trx, row);
    emit({ type: 'queue.changed', companyId: null, data: { queue } });
    return queue;
  });
}

export async function updateQueue(store: Store, actor: Actor, name: string, raw: unknown): Promise<Queue> {
  requireAdmin(actor);
  const input = updateQueueInput.parse(raw);
  return store.write(async (scope) => {
    const q = await findQueue(scope.trx, name);
    const row = await scope.trx
      .updateTable('chat_queues')
      .set({
        ...(input.mode !== undefined ? { mode: input.mode } : {}),
        ...(input.offerTimeoutMs !== undefined ? { offer_timeout_ms: input.offerTimeoutMs } : {}),
      })
      .where('id', '=', q.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const queue = await queueView(scope.trx, row);
    scope.emit({ type: 'queue.changed', companyId: null, data: { queue } });
    if (input.mode === 'offer') await routeWaiting(scope);
    return queue;
  });
}

/** Adds and removes members; adding to the default queue that had every technician makes its list explicit. */
export async function changeMembers(store: Store, actor: Actor, name: string, raw: unknown): Promise<Queue> {
  requireAdmin(actor);
  const input = queueMembersInput.parse(raw);
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const q = await findQueue(trx, name);
    const ids = [...new Set([...input.add, ...input.remove])];
    const known = new Set(
      (await trx.selectFrom('technicians').select('id').where('id', 'in', ids).execute()).map((t) => t.id),
    );
    const missing = ids.find((id) => !known.has(id));
    if (missing !== undefined) throw invalid(`technician ${missing} does not exist`, 'technician');
    const explicit = await trx
      .selectFrom('chat_queue_members')
      .select('technician_id')
      .where('queue_id', '=', q.id)
      .execute();
    let current = new Set(explicit.map((m) => m.technician_id));
    if (q.is_default === 1 && current.size === 0 && input.remove.length > 0) {
      // Removing someone from "everyone" leaves everyone else.
      current = new Set(await queueMemberIds(trx, q));
      if (current.size > 0) {
        await trx
          .insertInto('chat_queue_members')
          .values([...current].map((technician_id) => ({ queue_id: q.id, technician_id, created_at: now })))
          .execute();
      }
    }
    const add = input.add.filter((id) => !current.has(id));
    if (add.length) {
      await trx
        .insertInto('chat_queue_members')
        .values([...new Set(add)].map((technician_id) => ({ queue_id: q.id, technician_id, created_at: now })))
        .execute();
    }
    if (input.remove.length) {
      await trx
        .deleteFrom('chat_queue_members')
        .where('queue_id', '=', q.id)
        .where('technician_id', 'in', input.remove)
        .execute();
    }
    const queue = await queueView(trx, q);
    scope.emit({ type: 'queue.changed', companyId: null, data: { queue } });
    if (add.length) await routeWaiting(scope);
    return queue;
  });
}

export async function listWrapups(db: Db): Promise<Wrapup[]> {
  return db.selectFrom('wrapup_reasons').select(['id', 'name']).orderBy('name').execute();
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

export async function addWrapup(store: Store, actor: Actor, raw: unknown): Promise<Wrapup> {
  requireAdmin(actor);
  const input = wrapupInput.parse(raw);
  return store.write(async ({ trx, now }) => {
    const key = input.name.toLowerCase();
    const taken = await trx.selectFrom('wrapup_reasons').select('id').where('key', '=', key).executeTakeFirst();
    if (taken) throw conflict(`the wrap-up reason "${input.name}" exists already`);
    return trx
      .insertInto('wrapup_reasons')
      .values({ name: input.name, key, created_at: now })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  });
}

export async function removeWrapup(store: Store, actor: Actor, id: number): Promise<{ removed: string }> {
  requireAdmin(actor);
  return store.write(async ({ trx }) => {
    const row = await trx.selectFrom('wrapup_reasons').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`wrap-up reason ${id}`);
    await trx.deleteFrom('wrapup_reasons').where('id', '=', row.id).execute();
    return { removed: row.name };
  });
}
