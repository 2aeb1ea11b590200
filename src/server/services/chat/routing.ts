/**
 * Routing (DESIGN §2.4). In an offer-mode queue a waiting request is offered to one Available member
 * who can see the customer's company and has room (least busy first, then longest idle); a member who
 * let the offer lapse is not asked again until they next become Available, one who declined it not
 * before the queue's offer timeout has passed with nobody else taking it. In a pick-mode
 * queue every Available member sees the request and the first to take it wins. Every step is a
 * conditional update of the chat row, so a request has one owner even when answers race.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { CHAT_DEADLINES } from '../../../core/chat.js';
import { iso } from '../../iso-time.js';
import { chatView } from './chat-views.js';
import { activeChatCounts, presenceRows } from './availability.js';
import { lockChat, updateChat } from './chat-access.js';
import { emitChatUpdated } from './announcements.js';

type Db = Kysely<Database>;

export interface QueueRow {
  id: number;
  name: string;
  mode: string;
  offer_timeout_ms: number;
  is_default: number;
}

export async function queueById(db: Db, id: number): Promise<QueueRow | undefined> {
  return db.selectFrom('chat_queues').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A queue's members; the default queue without explicit members has every technician. */
export async function queueMemberIds(db: Db, queue: QueueRow): Promise<number[]> {
  const rows = await db
    .selectFrom('chat_queue_members')
    .select('technician_id')
    .where('queue_id', '=', queue.id)
    .execute();
  if (rows.length > 0 || queue.is_default !== 1) return rows.map((r) => r.technician_id);
  return (await db.selectFrom('technicians').select('id').execute()).map((t) => t.id);
}

export async function isQueueMember(db: Db, queue: QueueRow, technicianId: number): Promise<boolean> {
  return (await queueMemberIds(db, queue)).includes(technicianId);
}

/** Pending offers per technician. */
async function pendingOfferCounts(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('chat_offers')
    .select('technician_id')
    .where('state', '=', 'pending')
    .where('technician_id', 'in', [...ids])
    .execute();
  const out = new Map<number, number>();
  for (const r of rows) out.set(r.technician_id, (out.get(r.technician_id) ?? 0) + 1);
  return out;
}

/** Technicians with room for one more chat among `ids`, with their current load (active chats + pending offers). */
export async function withRoom(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  const [presence, active, offers] = await Promise.all([
    presenceRows(db, ids),
    activeChatCounts(db, ids),
    pendingOfferCounts(db, ids),
  ]);
  const out = new Map<number, number>();
  for (const id of ids) {
    const load = (active.get(id) ?? 0) + (offers.get(id) ?? 0);
    const max = presence.get(id)?.max_chats ?? null;
    if (max === null || load < max) out.set(id, load);
  }
  return out;
}

/**
 * Members of the chat's queue who are Available, may see its company and have room, best first. A
 * member who was offered the chat since they last became Available is left out, until the queue's
 * offer timeout has passed since they answered (declined) it and nobody else took it.
 */
export async function offerCandidates(db: Db, chat: ChatRow, queue: QueueRow, now: number): Promise<number[]> {
  const members = await queueMemberIds(db, queue);
  if (members.length === 0) return [];
  const presence = await presenceRows(db, members);
  const available = members.filter((id) => presence.get(id)?.state === 'available');
  if (available.length === 0) return [];
  const [techs, grants, asked] = await Promise.all([
    db.selectFrom('technicians').select(['id', 'is_admin']).where('id', 'in', available).execute(),
    db
      .selectFrom('grants')
      .select('technician_id')
      .where('company_id', '=', chat.company_id)
      .where('technician_id', 'in', available)
      .execute(),
    db
      .selectFrom('chat_offers')
      .select(['technician_id', 'created_at', 'answered_at'])
      .where('chat_id', '=', chat.id)
      .execute(),
  ]);
  const granted = new Set([
    ...techs.filter((t) => t.is_admin === 1).map((t) => t.id),
    ...grants.map((g) => g.technician_id),
  ]);
  const timeout = Number(queue.offer_timeout_ms);
  const excluded = new Set(
    asked
      .filter((o) => o.created_at >= (presence.get(o.technician_id)?.changed_at ?? 0))
      .filter((o) => o.answered_at === null || now < Number(o.answered_at) + timeout)
      .map((o) => o.technician_id),
  );
  const eligible = available.filter((id) => granted.has(id) && !excluded.has(id) && id !== chat.owner_id);
  const room = await withRoom(db, eligible);
  return [...room.keys()].sort((a, b) => {
    const load = (room.get(a) ?? 0) - (room.get(b) ?? 0);
    if (load !== 0) return load;
    const idle = (presence.get(a)?.idle_since ?? 0) - (presence.get(b)?.idle_since ?? 0);
    return idle !== 0 ? idle : a - b;
  });
}

export type RouteResult = 'offered' | 'waiting' | 'pick';

/**
 * Tries to route a requested chat: offers it to the best candidate, or leaves it waiting. With
 * `tellCustomer`, a request nobody can take now tells the customer the desk is busy.
 */
export async function routeChat(scope: WriteScope, chat: ChatRow, tellCustomer: boolean): Promise<RouteResult> {
  if (chat.state !== 'requested') return 'waiting';
  const queue = await queueById(scope.trx, chat.queue_id);
  if (!queue) return 'waiting';
  if (queue.mode === 'pick') {
    if (tellCustomer) {
      const members = await queueMemberIds(scope.trx, queue);
      const presence = await presenceRows(scope.trx, members);
      const available = members.filter((id) => presence.get(id)?.state === 'available');
      if ((await withRoom(scope.trx, available)).size === 0) busy(scope, chat);
    }
    return 'pick';
  }
  for (const technicianId of await offerCandidates(scope.trx, chat, queue, scope.now)) {
    if (scope.dialect === 'postgres') {
      // Serialise offers to one technician across transactions, then re-check their room.
      await scope.trx
        .selectFrom('technician_presence')
        .select('technician_id')
        .where('technician_id', '=', technicianId)
        .forUpdate()
        .execute();
      if (!(await withRoom(scope.trx, [technicianId])).has(technicianId)) continue;
    }
    const res = await scope.trx
      .updateTable('chats')
      .set({ state: 'offered', offered_to_id: technicianId, updated_at: scope.now })
      .where('id', '=', chat.id)
      .where('state', '=', 'requested')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return 'waiting';
    const expiresAt = scope.now + Number(queue.offer_timeout_ms);
    const offer = await scope.trx
      .insertInto('chat_offers')
      .values({
        chat_id: chat.id,
        technician_id: technicianId,
        state: 'pending',
        created_at: scope.now,
        expires_at: expiresAt,
        answered_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedule(scope, {
      kind: CHAT_DEADLINES.offerTimeout,
      ref: String(chat.id),
      dueAt: expiresAt,
      payload: { offerId: offer.id, technicianId },
    });
    const fresh = await scope.trx.selectFrom('chats').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
    scope.emit({
      type: 'chat.offered',
      companyId: chat.company_id,
      technicianId,
      data: {
        chatId: chat.id,
        chat: await chatView(scope.trx, fresh),
        offer: { id: offer.id, technicianId, expiresAt: iso(expiresAt) },
      },
    });
    return 'offered';
  }
  if (tellCustomer) busy(scope, chat);
  return 'waiting';
}

function busy(scope: WriteScope, chat: ChatRow): void {
  scope.emit({
    type: 'chat.busy',
    companyId: chat.company_id,
    contactId: chat.contact_id,
    data: {
      chatId: chat.id,
      text: 'All technicians are busy right now. Your request waits in the queue; you can also leave a ticket instead.',
    },
  });
}

/** Offers waiting requests (oldest first) to whoever can take them now; requests being changed elsewhere are skipped. */
export async function routeWaiting(scope: WriteScope, limit = 100): Promise<void> {
  const anyone = await scope.trx
    .selectFrom('technician_presence')
    .select('technician_id')
    .where('state', '=', 'available')
    .limit(1)
    .executeTakeFirst();
  if (!anyone) return;
  let q = scope.trx
    .selectFrom('chats')
    .innerJoin('chat_queues', 'chat_queues.id', 'chats.queue_id')
    .selectAll('chats')
    .where('chats.state', '=', 'requested')
    .where('chat_queues.mode', '=', 'offer')
    .orderBy('chats.requested_at')
    .orderBy('chats.id')
    .limit(limit);
  if (scope.dialect === 'postgres') q = q.forUpdate('chats').skipLocked();
  for (const chat of await q.execute()) await routeChat(scope, chat, false);
}

/** Marks a pending offer answered (accepted, declined, expired, withdrawn). */
export async function closeOffer(scope: WriteScope, chatId: number, technicianId: number, state: string) {
  await scope.trx
    .updateTable('chat_offers')
    .set({ state, answered_at: scope.now })
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .where('state', '=', 'pending')
    .execute();
  await cancel(scope, CHAT_DEADLINES.offerTimeout, String(chatId));
}

/** Puts an offered chat back in its queue (after a decline, a timeout or a withdrawal) and routes it again. */
export async function reoffer(scope: WriteScope, chat: ChatRow, state: string, tellCustomer: boolean) {
  if (chat.offered_to_id === null) return;
  await closeOffer(scope, chat.id, chat.offered_to_id, state);
  const back = await updateChat(scope, chat.id, { state: 'requested', offered_to_id: null });
  const routed = await routeChat(scope, back, tellCustomer);
  // Nobody took it over: technicians' lists show it waiting again.
  if (routed !== 'offered') await emitChatUpdated(scope, back, 'requeued');
  if (routed === 'waiting' && state === 'declined') {
    // Who declined may be asked again once the offer timeout has passed (timeouts.ts, reofferDue).
    const queue = await queueById(scope.trx, back.queue_id);
    if (queue) {
      await schedule(scope, {
        kind: CHAT_DEADLINES.reoffer,
        ref: String(chat.id),
        dueAt: scope.now + Number(queue.offer_timeout_ms),
      });
    }
  }
  return routed;
}

/** Hands a technician's unanswered offers to others (they went Away, Offline or into RONA). */
export async function withdrawOffers(scope: WriteScope, technicianId: number): Promise<void> {
  const offered = await scope.trx
    .selectFrom('chats')
    .select('id')
    .where('state', '=', 'offered')
    .where('offered_to_id', '=', technicianId)
    .where('initiated_by', '=', 'customer')
    .execute();
  for (const { id } of offered) {
    const chat = await lockChat(scope, id);
    if (chat && chat.state === 'offered' && chat.offered_to_id === technicianId) {
      await reoffer(scope, chat, 'withdrawn', false);
    }
  }
}
