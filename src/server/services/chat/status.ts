/**
 * A technician's status (`desk status`, DESIGN §2.3): read it, list the team's, set Available, Away
 * or Offline, and (admin) set how many chats a technician takes at once. Becoming Available routes
 * waiting requests; going Away or Offline hands unanswered offers to others.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { forbidden, notFound } from '../../../core/errors.js';
import { maxChatsInput, setStatusInput, type Presence } from '../../../core/chat.js';
import {
  activeChatCounts,
  emitPresence,
  presenceOf,
  presenceRows,
  presenceView,
  writePresence,
} from './availability.js';
import { routeWaiting, withdrawOffers } from './routing.js';

type Db = Kysely<Database>;

export function getStatus(db: Db, actor: Actor): Promise<Presence> {
  return presenceView(db, actor.id);
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
    const presence = changed ? await emitPresence(scope, actor.id) : await presenceView(scope.trx, actor.id);
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
