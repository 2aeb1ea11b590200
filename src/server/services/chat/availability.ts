/**
 * Technician availability (DESIGN §2.3): Available, Away (with an optional reason), Offline, and RONA,
 * which the server sets when an offer times out and which lasts until the technician sets Available.
 * A technician without a row is Offline with no chat limit. This module reads and writes the
 * availability rows; what a technician does with their status is in status.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { iso } from '../../iso-time.js';
import { notFound } from '../../../core/errors.js';
import type { Presence, PresenceState } from '../../../core/chat.js';

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

/** Writes a technician's presence (creating the row if needed), and a change of state to the history. */
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
  if (next.state !== current.state) {
    // The availability history the technicians report measures time in each state from.
    await scope.trx
      .insertInto('availability_history')
      .values({ technician_id: technicianId, state: next.state, reason: next.reason, started_at: scope.now })
      .execute();
  }
  return next;
}

/** One technician's availability as the API shows it. */
export async function presenceView(db: Db, technicianId: number): Promise<Presence> {
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
  const presence = await presenceView(scope.trx, technicianId);
  scope.emit({ type: 'technician.status', companyId: null, data: { presence } });
  return presence;
}
