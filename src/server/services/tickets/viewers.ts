/**
 * Who is viewing a ticket right now (DESIGN §2.1). A client announces viewing
 * (`show --watch`, the TUI detail) and repeats it as a heartbeat; an
 * announcement lapses after PRESENCE_TTL_MS without one, by a stored deadline,
 * so a crashed client does not linger. Joins and leaves are `ticket.presence`
 * events. Kept in the database, so every server node sees the same viewers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { ticketInScope } from './lookup.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';

export const PRESENCE_TTL_MS = 60_000;
export const PRESENCE_EXPIRE = 'presence.expire';

type Viewer = { id: number; name: string };

export async function viewersOf(db: Kysely<Database>, ticketId: number, now: number): Promise<Viewer[]> {
  const rows = await db
    .selectFrom('ticket_viewers')
    .innerJoin('technicians', 'technicians.id', 'ticket_viewers.technician_id')
    .select(['technicians.id', 'technicians.name'])
    .where('ticket_viewers.ticket_id', '=', ticketId)
    .where('ticket_viewers.expires_at', '>', now)
    .orderBy('technicians.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

async function announce(scope: WriteScope, ticketId: number, companyId: number): Promise<Viewer[]> {
  const viewers = await viewersOf(scope.trx, ticketId, scope.now);
  scope.emit({ type: 'ticket.presence', companyId, data: { ticketId, viewers } });
  return viewers;
}

/** Announces (or keeps up) the actor viewing a ticket; answers who views it now. */
export async function startViewing(store: Store, actor: Actor, ticketId: number) {
  await ticketInScope(store.db, actor, ticketId);
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const { company_id: companyId } = await ticketInScope(trx, actor, ticketId);
    const existing = await trx
      .selectFrom('ticket_viewers')
      .select('expires_at')
      .where('ticket_id', '=', ticketId)
      .where('technician_id', '=', actor.id)
      .executeTakeFirst();
    const expiresAt = now + PRESENCE_TTL_MS;
    await trx
      .insertInto('ticket_viewers')
      .values({ ticket_id: ticketId, technician_id: actor.id, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['ticket_id', 'technician_id']).doUpdateSet({ expires_at: expiresAt }))
      .execute();
    await schedule(scope, { kind: PRESENCE_EXPIRE, ref: `${ticketId}:${actor.id}`, dueAt: expiresAt });
    const joined = !existing || Number(existing.expires_at) <= now;
    const viewers = joined ? await announce(scope, ticketId, companyId) : await viewersOf(trx, ticketId, now);
    return { ticketId, viewers };
  });
}

/** The actor stops viewing a ticket. */
export async function stopViewing(store: Store, actor: Actor, ticketId: number) {
  await ticketInScope(store.db, actor, ticketId);
  return store.write(async (scope) => {
    const { company_id: companyId } = await ticketInScope(scope.trx, actor, ticketId);
    const res = await scope.trx
      .deleteFrom('ticket_viewers')
      .where('ticket_id', '=', ticketId)
      .where('technician_id', '=', actor.id)
      .executeTakeFirst();
    await cancel(scope, PRESENCE_EXPIRE, `${ticketId}:${actor.id}`);
    const viewers =
      Number(res.numDeletedRows) > 0
        ? await announce(scope, ticketId, companyId)
        : await viewersOf(scope.trx, ticketId, scope.now);
    return { ticketId, viewers };
  });
}

/** The deadline handler: a viewer without a heartbeat for PRESENCE_TTL_MS leaves. */
export async function expireViewer(scope: WriteScope, ref: string): Promise<void> {
  const [ticketId, technicianId] = ref.split(':').map(Number);
  if (!ticketId || !technicianId) return;
  const res = await scope.trx
    .deleteFrom('ticket_viewers')
    .where('ticket_id', '=', ticketId)
    .where('technician_id', '=', technicianId)
    .where('expires_at', '<=', scope.now)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return;
  const ticket = await scope.trx
    .selectFrom('tickets')
    .select('company_id')
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (ticket) await announce(scope, ticketId, ticket.company_id);
}
