/**
 * Technician availability (DESIGN §2.3): Available, Away (with an optional reason), Offline, and RONA,
 * which the server sets when an offer times out and which lasts until the technician sets Available.
 * A technician without a row is Offline with no chat limit.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../time.js';
import { forbidden, notFound } from '../../../core/errors.js';
import { maxChatsInput, setStatusInput, type Presence, type PresenceState } from '../../../core/chat.js';
import { routeWaiting, withdrawOffers } from './routing.js';

type Db = Kysely<Database>;

export interface PresenceRow {
  technician_id: number;
  state: PresenceState;
  reason: string | null;
  max_chats: number | null;
  changed_at: number;
  idle_since: number;
}

export async function presenceRows(db: Db, ids?: readonly number[]): Promise<Map<number, PresenceRow>> {
  if (ids && ids.length === 0) return new Map();
  let q = db.selectFrom('technician_presence').selectAll();
  if (ids) q = q.where('technician_id', 'in', [...ids]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.technician_id, { ...r, state: r.state as PresenceState }]));
}

export async function presenceOf(db: Db, technicianId: number): Promise<PresenceRow> {
  return (
    (await presenceRows(db, [technicianId])).get(technicianId) ?? {
      technician_id: technicianId,
      state: 'offline',
      reason: null,
      max_chats: null,
      changed_at: 0,
      idle_since: 0,
    }
  );
}

/** Chats each technician owns that are active. */
export async function activeChatCounts(db: Db, ids?: readonly number[]): Promise<Map<number, number>> {
  if (ids && ids.length === 0) return new Map();
  let q = db
    .selectFrom('chats')
    .select(['owner_id', sql<number>`count(*)`.as('n')])
    .where('state', '=', 'active')
    .where('owner_id', 'is not', null)
    .groupBy('owner_id');
  if (ids) q = q.where('owner_id', 'in', [...ids]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.owner_id), Number(r.n)]));
}

/** Writes a technician's presence (creating the row if needed). */
export async function writePresence(
  scope: WriteScope,
  technicianId: number,
  set: Partial<Omit<PresenceRow, 'technician_id'>>,
): Promise<PresenceRow> {
  const current = await presenceOf(scope.trx, technicianId);
  const next: PresenceRow = { ...current, ...set };
  const exists = await scope.trx
    .selectFrom('technician_presence')
    .select('technician_id')
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
  if (exists) {
    await scope.trx
      .updateTable('technician_presence')
      .set({
        state: next.state,
        reason: next.reason,
        max_chats: next.max_chats,
        changed_at: next.changed_at,
        idle_since: next.idle_since,
      })
      .where('technician_id', '=', technicianId)
      .execute();
  } else {
    await scope.trx.insertInto('technician_presence').values(next).execute();
  }
  return next;
}

async function view(db: Db, technicianId: number): Promise<Presence> {
  const tech = await db
    .selectFrom('technicians')
    .select(['id', 'name', 'created_at'])
    .where('id', '=', technicianId)
    .executeTakeFirst();
  if (!tech) throw notFound(`technician ${technicianId}`);
  const p = await presenceOf(db, technicianId);
  const active = (await activeChatCounts(db, [technicianId])).get(technicianId) ?? 0;
  return {
    technician: { id: tech.id, name: tech.name },
    state: p.state,
    reason: p.reason,
    since: iso(p.changed_at || tech.created_at),
    activeChats: active,
    maxChats: p.max_chats,
  };
}

/** Announces a presence change to every technician. */
export async function emitPresence(scope: WriteScope, technicianId: number): Promise<Presence> {
  const presence = await view(scope.trx, technicianId);
  scope.emit({ type: 'technician.status', companyId: null, data: { presence } });
  return presence;
}

export function getStatus(db: Db, actor: Actor): Promise<Presence> {
  return view(db, actor.id);
}

/** Every technician's availability, for the team view. */
export async function listStatuses(db: Db): Promise<Presence[]> {
  const techs = await db.selectFrom('technicians').select(['id', 'name', 'created_at']).orderBy('id').execute();
  const [rows, counts] = await Promise.all([presenceRows(db), activeChatCounts(db)]);
  return techs.map((t) => {
    const p = rows.get(t.id);
    return {
      technician: { id: t.id, name: t.name },
      state: p?.state ?? 'offline',
      reason: p?.reason ?? null,
      since: iso(p?.changed_at || t.created_at),
      activeChats: counts.get(t.id) ?? 0,
      maxChats: p?.max_chats ?? null,
    };
  });
}

/**
 * Sets the technician's own state. Becoming Available routes waiting requests to them; going Away or
 * Offline hands their unanswered offers to others.
 */
export async function setStatus(store: Store, actor: Actor, raw: unknown): Promise<Presence> {
  const input = setStatusInput.parse(raw);
  return store.write(async (scope) => {
    const current = await presenceOf(scope.trx, actor.id);
    const reason = input.state === 'away' ? (input.reason ?? null) : null;
    const changed = current.state !== input.state || current.reason !== reason;
    if (changed) {
      await writePresence(scope, actor.id, {
        state: input.state,
        reason,
        changed_at: scope.now,
        ...(input.state === 'available' && current.state !== 'available' ? { idle_since: scope.now } : {}),
      });
    }
    if (input.state !== 'available') await withdrawOffers(scope, actor.id);
    const presence = changed ? await emitPresence(scope, actor.id) : await view(scope.trx, actor.id);
    if (input.state === 'available') await routeWaiting(scope);
    return presence;
  });
}

/** Sets a technician's most concurrent chats (admin); null for unlimited. */
export async function setMaxChats(store: Store, actor: Actor, technicianId: number, raw: unknown): Promise<Presence> {
  if (!actor.admin) throw forbidden('only an admin can set chat limits');
  const input = maxChatsInput.parse(raw);
  return store.write(async (scope) => {
    const tech = await scope.trx
      .selectFrom('technicians')
      .select('id')
      .where('id', '=', technicianId)
      .executeTakeFirst();
    if (!tech) throw notFound(`technician ${technicianId}`);
    await writePresence(scope, technicianId, { max_chats: input.maxChats });
    const presence = await emitPresence(scope, technicianId);
    await routeWaiting(scope);
    return presence;
  });
}
