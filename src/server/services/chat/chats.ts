/**
 * The life of a chat (DESIGN §2.4): customer requests and technician invitations, offers answered
 * (accept, decline, timeout), pick-mode takes, transfers, conferences, unassign and end with a
 * wrap-up reason. Every change is one transaction that locks the chat row, checks its state with a
 * conditional update where two people may race, and announces the result on the event stream.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { scopeOf } from '../access.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { isUniqueViolation } from '../../store/errors.js';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors.js';
import { checkComposer } from '../../../core/composer.js';
import {
  CHAT_DEADLINES,
  OPEN_CHAT_STATES,
  STATES_BY_FILTER,
  checkCustomerMessage,
  conferenceInput,
  customerRequestInput,
  endInput,
  listRequestsQuery,
  myChatsQuery,
  startChatInput,
  transferInput,
  type Chat,
  type ChatDetail,
} from '../../../core/chat.js';
import { chatView, chatViews, customerChatView, headSeq, pendingTransferView, transcript } from './views.js';
import {
  autoTicketMs,
  emitChatUpdated,
  inviteTimeoutMs,
  lockChat,
  lockVisibleChat,
  notice,
  queueTimeoutMs,
  requireState,
  systemMessage,
  technicianCanSee,
  technicianName,
  updateChat,
  visibleChat,
  wrapupReason,
} from './common.js';
import {
  closeOffer,
  isQueueMember,
  queueById,
  queueMemberIds,
  reoffer,
  routeChat,
  routeWaiting,
  withdrawOffers,
  withRoom,
} from './routing.js';
import { emitPresence, presenceOf, presenceRows, writePresence } from './presence.js';
import { findQueue } from './queues.js';
import { appendTranscript } from './chat-tickets.js';
import { insertMessage } from './messages.js';
import type { CustomerActor } from './customers.js';

type Db = Kysely<Database>;

// ---------- reading

export async function listRequests(db: Db, actor: Actor, raw: unknown): Promise<{ items: Chat[] }> {
  const query = listRequestsQuery.parse(raw);
  const scope = await scopeOf(db, actor);
  let q = db.selectFrom('chats').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (!scope.all) q = q.where('company_id', 'in', [0, ...scope.companyIds]);
  const states = STATES_BY_FILTER[query.filter];
  if (states) q = q.where('state', 'in', [...states]);
  return { items: await chatViews(db, await q.execute()) };
}

/** Chats I own or confer in (open ones, or all with `all`), and offers and invitations waiting for me. */
export async function listMyChats(db: Db, actor: Actor, raw: unknown): Promise<{ items: Chat[] }> {
  const query = myChatsQuery.parse(raw);
  let q = db
    .selectFrom('chats')
    .selectAll()
    .where(({ or, eb, exists, selectFrom }) =>
      or([
        eb('owner_id', '=', actor.id),
        eb('offered_to_id', '=', actor.id),
        exists(
          selectFrom('chat_participants')
            .select('chat_participants.chat_id')
            .whereRef('chat_participants.chat_id', '=', 'chats.id')
            .where('chat_participants.technician_id', '=', actor.id)
            .where('chat_participants.state', 'in', ['invited', 'active']),
        ),
        exists(
          selectFrom('chat_transfers')
            .select('chat_transfers.chat_id')
            .whereRef('chat_transfers.chat_id', '=', 'chats.id')
            .where('chat_transfers.to_technician_id', '=', actor.id)
            .where('chat_transfers.state', '=', 'pending'),
        ),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(500);
  if (!query.all) q = q.where('state', 'in', [...OPEN_CHAT_STATES]);
  return { items: await chatViews(db, await q.execute()) };
}

export async function showChat(db: Db, actor: Actor, id: number): Promise<ChatDetail> {
  const seq = await headSeq(db);
  const row = await visibleChat(db, actor, id);
  const [chat, messages, transfer] = await Promise.all([
    chatView(db, row),
    transcript(db, id, true),
    pendingTransferView(db, id),
  ]);
  return {
    ...chat,
    origin: {
      ip: row.origin_ip,
      os: row.origin_os,
      device: row.origin_device,
      client: row.origin_client,
      clientVersion: row.origin_client_version,
    },
    wrapup: row.wrapup,
    endedBy: row.ended_by,
    transfer,
    messages,
    seq,
  };
}

// ---------- helpers

async function setParticipant(
  scope: WriteScope,
  chatId: number,
  technicianId: number,
  role: 'owner' | 'conference',
  state: 'invited' | 'active' | 'left',
): Promise<void> {
  const existing = await scope.trx
    .selectFrom('chat_participants')
    .select('technician_id')
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
  if (existing) {
    await scope.trx
      .updateTable('chat_participants')
      .set({ role, state, updated_at: scope.now })
      .where('chat_id', '=', chatId)
      .where('technician_id', '=', technicianId)
      .execute();
  } else {
    await scope.trx
      .insertInto('chat_participants')
      .values({
        chat_id: chatId,
        technician_id: technicianId,
        role,
        state,
        created_at: scope.now,
        updated_at: scope.now,
      })
      .execute();
  }
}

async function participantState(scope: WriteScope | { trx: Db }, chatId: number, technicianId: number) {
  return scope.trx
    .selectFrom('chat_participants')
    .select(['role', 'state'])
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
}

/** The technician starts working a chat they now own: participant, idle clock, auto-ticket timer. */
async function becomeOwner(scope: WriteScope, chat: ChatRow, technicianId: number): Promise<void> {
  await setParticipant(scope, chat.id, technicianId, 'owner', 'active');
  await writePresence(scope, technicianId, { idle_since: scope.now });
  if (chat.ticket_id === null && chat.state === 'active') {
    await schedule(scope, {
      kind: CHAT_DEADLINES.autoTicket,
      ref: String(chat.id),
      dueAt: (chat.accepted_at ?? scope.now) + (await autoTicketMs(scope.trx)),
    });
  }
}

async function requireRoom(db: Db, technicianId: number): Promise<void> {
  if (!(await withRoom(db, [technicianId])).has(technicianId)) {
    const p = await presenceOf(db, technicianId);
    throw conflict(`you have reached your limit of ${p.max_chats} concurrent chats`);
  }
}

function requireOwner(actor: Actor, chat: ChatRow, doing: string): void {
  if (chat.owner_id !== actor.id && !actor.admin) throw forbidden(`only the chat's owner can ${doing}`);
}

/** Stops every timer of a chat and ends pending transfers and invitations (the chat ended or left its owner). */
async function clearPending(scope: WriteScope, chat: ChatRow, keepAutoTicket = false): Promise<void> {
  const id = String(chat.id);
  if (!keepAutoTicket) await cancel(scope, CHAT_DEADLINES.autoTicket, id);
  await cancel(scope, CHAT_DEADLINES.transferTimeout, id);
  await cancel(scope, CHAT_DEADLINES.customerAccept, id);
  await scope.trx
    .updateTable('chat_transfers')
    .set({ state: 'cancelled', answered_at: scope.now })
    .where('chat_id', '=', chat.id)
    .where('state', '=', 'pending')
    .execute();
  const invited = await scope.trx
    .selectFrom('chat_participants')
    .select('technician_id')
    .where('chat_id', '=', chat.id)
    .where('state', '=', 'invited')
    .execute();
  for (const p of invited) await cancel(scope, CHAT_DEADLINES.conferenceTimeout, `${chat.id}:${p.technician_id}`);
}

// ---------- customer requests and technician invitations

/** Where a request came from, as the server sees it (the client reports the rest). */
export interface RequestOrigin {
  readonly ip: string | null;
}

/** A customer opens a chat request in a queue (the default one unless named); it is routed at once. */
export async function requestChat(store: Store, customer: CustomerActor, raw: unknown, origin: RequestOrigin) {
  const input = customerRequestInput.parse(raw);
  if (input.message !== undefined) {
    const problem = checkCustomerMessage(input.message);
    if (problem) throw invalid(problem, 'message');
  }
  const existing = async () => {
    if (!input.clientId) return undefined;
    return store.db
      .selectFrom('chats')
      .selectAll()
      .where('contact_id', '=', customer.contactId)
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
  };
  const again = await existing();
  if (again) return { chat: await customerChatView(store.db, again), busy: false };
  try {
    return await store.write(async (scope) => {
      const { trx, now } = scope;
      const queue = await findQueue(trx, input.queue).catch(() => {
        throw invalid(`there is no queue named "${input.queue}"`, 'queue');
      });
      const open = await trx
        .selectFrom('chats')
        .select('id')
        .where('contact_id', '=', customer.contactId)
        .where('initiated_by', '=', 'customer')
        .where('state', 'in', ['requested', 'offered', 'active'])
        .executeTakeFirst();
      if (open) throw conflict(`you already have an open chat (${open.id}); continue it or end it first`);
      const row = await trx
        .insertInto('chats')
        .values({
          company_id: customer.companyId,
          contact_id: customer.contactId,
          queue_id: queue.id,
          state: 'requested',
          initiated_by: 'customer',
          owner_id: null,
          offered_to_id: null,
          ticket_id: null,
          wrapup: null,
          ended_by: null,
          origin_ip: origin.ip,
          origin_os: input.origin.os ?? null,
          origin_device: input.origin.device ?? null,
          origin_client: input.origin.client ?? null,
          origin_client_version: input.origin.clientVersion ?? null,
          client_id: input.clientId ?? null,
          requested_at: now,
          accepted_at: null,
          ended_at: null,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (input.message !== undefined) {
        await insertMessage(scope, row, { kind: 'contact', id: customer.contactId }, input.message, null, undefined);
      }
      scope.emit({
        type: 'chat.requested',
        companyId: row.company_id,
        contactId: row.contact_id,
        data: { chatId: row.id, chat: await chatView(trx, row), customerChat: await customerChatView(trx, row) },
      });
      const routed = await routeChat(scope, row, true);
      const fresh = await trx.selectFrom('chats').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      const busy = routed === 'waiting' || (routed === 'pick' && (await pickBusy(scope, fresh)));
      return { chat: await customerChatView(trx, fresh), busy };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const row = await existing();
      if (row) return { chat: await customerChatView(store.db, row), busy: false };
    }
    throw err;
  }
}

async function pickBusy(scope: WriteScope, chat: ChatRow): Promise<boolean> {
  const queue = await queueById(scope.trx, chat.queue_id);
  if (!queue) return true;
  const members = await queueMemberIds(scope.trx, queue);
  const presence = await presenceRows(scope.trx, members);
  const available = members.filter((id) => presence.get(id)?.state === 'available');
  return (await withRoom(scope.trx, available)).size === 0;
}

/**
 * A technician starts a chat with a contact or with a ticket's requester; the customer must accept it
 * in time. From a ticket that already has an open chat of mine, that chat is returned instead.
 */
export async function startChat(store: Store, actor: Actor, raw: unknown): Promise<{ chat: Chat; reused: boolean }> {
  const input = startChatInput.parse(raw);
  if (input.message !== undefined) {
    const check = checkComposer(input.message);
    if (!check.ok) throw invalid(check.reason, 'message');
  }
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const access = await scopeOf(trx, actor);
    let contactId: number;
    let ticketId: number | null = null;
    if (input.ticketId !== undefined) {
      const ticket = await trx
        .selectFrom('tickets')
        .select(['id', 'company_id', 'requester_id'])
        .where('id', '=', input.ticketId)
        .executeTakeFirst();
      if (!ticket || !(access.all || access.companyIds.has(ticket.company_id)))
        throw notFound(`ticket ${input.ticketId}`);
      if (ticket.requester_id === null) throw invalid(`ticket ${ticket.id} has no requester to chat with`, 'ticketId');
      const reuse = await trx
        .selectFrom('chats')
        .selectAll()
        .where('ticket_id', '=', ticket.id)
        .where('owner_id', '=', actor.id)
        .where('state', 'in', ['offered', 'active'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (reuse) return { chat: await chatView(trx, reuse), reused: true };
      contactId = ticket.requester_id;
      ticketId = ticket.id;
    } else {
      contactId = input.contactId as number;
    }
    const contact = await trx
      .selectFrom('contacts')
      .select(['id', 'company_id'])
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!contact || !(access.all || access.companyIds.has(contact.company_id))) throw notFound(`contact ${contactId}`);
    const queue = await findQueue(trx, undefined);
    const expiresAt = now + (await inviteTimeoutMs(trx));
    const row = await trx
      .insertInto('chats')
      .values({
        company_id: contact.company_id,
        contact_id: contact.id,
        queue_id: queue.id,
        state: 'offered',
        initiated_by: 'technician',
        owner_id: actor.id,
        offered_to_id: null,
        ticket_id: ticketId,
        wrapup: null,
        ended_by: null,
        origin_ip: null,
        origin_os: null,
        origin_device: null,
        origin_client: null,
        origin_client_version: null,
        client_id: null,
        requested_at: now,
        accepted_at: null,
        ended_at: null,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setParticipant(scope, row.id, actor.id, 'owner', 'active');
    if (input.message !== undefined) {
      await insertMessage(scope, row, { kind: 'technician', id: actor.id }, input.message, null, input.clientId);
    }
    await schedule(scope, { kind: CHAT_DEADLINES.customerAccept, ref: String(row.id), dueAt: expiresAt });
    await emitChatUpdated(scope, row, 'invited');
    return { chat: await chatView(trx, row), reused: false };
  });
}

// ---------- technician answers

type Accepted = 'offer' | 'transfer' | 'conference';

/** Accepts what waits for me on this chat: an offer, a transfer to me (or my queue), or a conference invitation. */
export async function acceptChat(store: Store, actor: Actor, id: number): Promise<{ chat: Chat; accepted: Accepted }> {
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    if (chat.state === 'offered' && chat.offered_to_id === actor.id) {
      const res = await scope.trx
        .updateTable('chats')
        .set({
          state: 'active',
          owner_id: actor.id,
          offered_to_id: null,
          accepted_at: scope.now,
          updated_at: scope.now,
        })
        .where('id', '=', id)
        .where('state', '=', 'offered')
        .where('offered_to_id', '=', actor.id)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict(`the offer of chat ${id} is no longer yours`);
      await closeOffer(scope, id, actor.id, 'accepted');
      const fresh = await lockChat(scope, id);
      if (!fresh) throw notFound(`chat ${id}`);
      await becomeOwner(scope, fresh, actor.id);
      await systemMessage(scope, fresh, `${actor.name} joined the chat`);
      await emitChatUpdated(scope, fresh, 'accepted');
      return { chat: await chatView(scope.trx, fresh), accepted: 'offer' };
    }
    const transfer = await scope.trx
      .selectFrom('chat_transfers')
      .selectAll()
      .where('chat_id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (transfer && chat.state === 'active' && transfer.from_id !== actor.id) {
      let mine = transfer.to_technician_id === actor.id;
      if (!mine && transfer.to_queue_id !== null) {
        const queue = await queueById(scope.trx, transfer.to_queue_id);
        mine = queue !== undefined && (await isQueueMember(scope.trx, queue, actor.id));
      }
      if (mine) return acceptTransfer(scope, actor, chat, transfer.id, transfer.from_id, transfer.to_queue_id);
    }
    const part = await participantState(scope, id, actor.id);
    if (part?.state === 'invited' && chat.state === 'active') {
      const res = await scope.trx
        .updateTable('chat_participants')
        .set({ state: 'active', updated_at: scope.now })
        .where('chat_id', '=', id)
        .where('technician_id', '=', actor.id)
        .where('state', '=', 'invited')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict(`the invitation to chat ${id} is no longer open`);
      await cancel(scope, CHAT_DEADLINES.conferenceTimeout, `${id}:${actor.id}`);
      await systemMessage(scope, chat, `${actor.name} joined the conversation`);
      await emitChatUpdated(scope, chat, 'conference-joined');
      return { chat: await chatView(scope.trx, chat), accepted: 'conference' };
    }
    throw conflict(`nothing on chat ${id} waits for you to accept`);
  });
}

async function acceptTransfer(
  scope: WriteScope,
  actor: Actor,
  chat: ChatRow,
  transferId: number,
  fromId: number,
  toQueueId: number | null,
): Promise<{ chat: Chat; accepted: Accepted }> {
  if (!(await technicianCanSee(scope.trx, actor.id, chat.company_id))) throw notFound(`chat ${chat.id}`);
  await requireRoom(scope.trx, actor.id);
  const res = await scope.trx
    .updateTable('chat_transfers')
    .set({ state: 'accepted', answered_at: scope.now, answered_by_id: actor.id })
    .where('id', '=', transferId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict(`the transfer of chat ${chat.id} is no longer open`);
  await cancel(scope, CHAT_DEADLINES.transferTimeout, String(chat.id));
  const fresh = await updateChat(scope, chat.id, {
    owner_id: actor.id,
    ...(toQueueId !== null ? { queue_id: toQueueId } : {}),
  });
  await setParticipant(scope, chat.id, fromId, 'owner', 'left');
  await setParticipant(scope, chat.id, actor.id, 'owner', 'active');
  await writePresence(scope, actor.id, { idle_since: scope.now });
  await writePresence(scope, fromId, { idle_since: scope.now });
  await systemMessage(scope, fresh, `${await technicianName(scope.trx, fromId)} transferred the chat to ${actor.name}`);
  notice(scope, fresh, fromId, 'transfer-accepted', `${actor.name} accepted the transfer of chat ${chat.id}`);
  await emitChatUpdated(scope, fresh, 'transferred');
  await routeWaiting(scope);
  return { chat: await chatView(scope.trx, fresh), accepted: 'transfer' };
}

/** Declines an offer (it goes to the next technician), a transfer to me, or a conference invitation. */
export async function declineChat(store: Store, actor: Actor, id: number): Promise<{ chat: Chat; declined: Accepted }> {
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    if (chat.state === 'offered' && chat.offered_to_id === actor.id) {
      await reoffer(scope, chat, 'declined', true);
      const fresh = await lockChat(scope, id);
      return { chat: await chatView(scope.trx, fresh ?? chat), declined: 'offer' };
    }
    const transfer = await scope.trx
      .selectFrom('chat_transfers')
      .selectAll()
      .where('chat_id', '=', id)
      .where('state', '=', 'pending')
      .where('to_technician_id', '=', actor.id)
      .executeTakeFirst();
    if (transfer) {
      await scope.trx
        .updateTable('chat_transfers')
        .set({ state: 'declined', answered_at: scope.now, answered_by_id: actor.id })
        .where('id', '=', transfer.id)
        .execute();
      await cancel(scope, CHAT_DEADLINES.transferTimeout, String(id));
      notice(
        scope,
        chat,
        transfer.from_id,
        'transfer-declined',
        `${actor.name} declined the transfer of chat ${id}; the chat stays with you`,
      );
      await emitChatUpdated(scope, chat, 'transfer-declined');
      return { chat: await chatView(scope.trx, chat), declined: 'transfer' };
    }
    const part = await participantState(scope, id, actor.id);
    if (part?.state === 'invited') {
      await setParticipant(scope, id, actor.id, 'conference', 'left');
      await cancel(scope, CHAT_DEADLINES.conferenceTimeout, `${id}:${actor.id}`);
      if (chat.owner_id !== null) {
        notice(scope, chat, chat.owner_id, 'conference-declined', `${actor.name} declined to join chat ${id}`);
      }
      await emitChatUpdated(scope, chat, 'conference-declined');
      return { chat: await chatView(scope.trx, chat), declined: 'conference' };
    }
    throw conflict(`nothing on chat ${id} waits for your answer`);
  });
}

/** Pick mode: the first technician to take a waiting request owns it; the others are told it is gone. */
export async function takeChat(store: Store, actor: Actor, id: number): Promise<Chat> {
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    const queue = await queueById(scope.trx, chat.queue_id);
    if (chat.initiated_by !== 'customer' || chat.state !== 'requested') {
      throw conflict(chat.owner_id !== null ? `chat ${id} was taken by someone else` : `chat ${id} is ${chat.state}`);
    }
    if (!queue || queue.mode !== 'pick') {
      throw conflict(`chat ${id} waits in the offer-mode queue ${queue?.name ?? ''}: it is offered, not taken`);
    }
    if (!actor.admin && !(await isQueueMember(scope.trx, queue, actor.id))) {
      throw forbidden(`you are not a member of the queue ${queue.name}`);
    }
    await requireRoom(scope.trx, actor.id);
    const res = await scope.trx
      .updateTable('chats')
      .set({ state: 'active', owner_id: actor.id, accepted_at: scope.now, updated_at: scope.now })
      .where('id', '=', id)
      .where('state', '=', 'requested')
      .where('owner_id', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(`chat ${id} was taken by someone else`);
    const fresh = await lockChat(scope, id);
    if (!fresh) throw notFound(`chat ${id}`);
    await becomeOwner(scope, fresh, actor.id);
    await systemMessage(scope, fresh, `${actor.name} joined the chat`);
    await emitChatUpdated(scope, fresh, 'taken');
    return chatView(scope.trx, fresh);
  });
}

/** Returns an active chat to its queue, where it is routed again. */
export async function unassignChat(store: Store, actor: Actor, id: number): Promise<Chat> {
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    requireState(chat, ['active'], 'unassign it');
    if (chat.initiated_by !== 'customer') throw conflict(`chat ${id} was started by a technician: end it instead`);
    requireOwner(actor, chat, 'unassign it');
    await clearPending(scope, chat);
    await scope.trx
      .updateTable('chat_participants')
      .set({ state: 'left', updated_at: scope.now })
      .where('chat_id', '=', id)
      .where('state', 'in', ['invited', 'active'])
      .execute();
    const back = await updateChat(scope, id, {
      state: 'requested',
      owner_id: null,
      offered_to_id: null,
      accepted_at: null,
    });
    await systemMessage(scope, back, 'You are back in the queue; the next free technician will take over');
    await emitChatUpdated(scope, back, 'unassigned');
    await routeChat(scope, back, true);
    await routeWaiting(scope);
    const fresh = await lockChat(scope, id);
    return chatView(scope.trx, fresh ?? back);
  });
}

// ---------- transfer and conference

export async function transferChat(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = transferInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    requireState(chat, ['active'], 'transfer it');
    requireOwner(actor, chat, 'transfer it');
    const owner = chat.owner_id as number;
    const reason = await wrapupReason(scope.trx, input.reason);
    const pending = await scope.trx
      .selectFrom('chat_transfers')
      .select('id')
      .where('chat_id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw conflict(`chat ${id} has a transfer waiting for an answer`);
    let toTechnician: number | null = null;
    let toQueue: number | null = null;
    let target: string;
    let timeoutMs: number;
    if (input.toTechnicianId !== undefined) {
      if (input.toTechnicianId === owner) throw invalid('the chat is yours already', 'toTechnicianId');
      const ok = await technicianCanSee(scope.trx, input.toTechnicianId, chat.company_id);
      if (!ok)
        throw invalid(`technician ${input.toTechnicianId} does not exist or cannot see this company`, 'toTechnicianId');
      toTechnician = input.toTechnicianId;
      target = await technicianName(scope.trx, toTechnician);
      timeoutMs = await queueTimeoutMs(scope.trx, chat.queue_id);
    } else {
      const queue = await findQueue(scope.trx, input.toQueue).catch(() => {
        throw invalid(`there is no queue named "${input.toQueue}"`, 'toQueue');
      });
      toQueue = queue.id;
      target = `queue ${queue.name}`;
      timeoutMs = Number(queue.offer_timeout_ms);
    }
    const expiresAt = scope.now + timeoutMs;
    const transfer = await scope.trx
      .insertInto('chat_transfers')
      .values({
        chat_id: id,
        from_id: owner,
        to_technician_id: toTechnician,
        to_queue_id: toQueue,
        note: input.note ? input.note : null,
        reason,
        state: 'pending',
        created_at: scope.now,
        expires_at: expiresAt,
        answered_at: null,
        answered_by_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedule(scope, {
      kind: CHAT_DEADLINES.transferTimeout,
      ref: String(id),
      dueAt: expiresAt,
      payload: { transferId: transfer.id },
    });
    await systemMessage(
      scope,
      chat,
      `${actor.name} asked ${target} to take over${input.note ? `: ${input.note}` : ''}`,
      true,
    );
    const chatNow = await chatView(scope.trx, chat);
    scope.emit({
      type: 'chat.transfer',
      companyId: chat.company_id,
      technicianId: toTechnician,
      data: { chatId: id, chat: chatNow, transfer: await pendingTransferView(scope.trx, id) },
    });
    return chatNow;
  });
}

export async function conferenceChat(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = conferenceInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    requireState(chat, ['active'], 'add a technician');
    requireOwner(actor, chat, 'add a technician');
    if (input.technicianId === chat.owner_id) throw invalid('the owner is in the chat already', 'technicianId');
    if (!(await technicianCanSee(scope.trx, input.technicianId, chat.company_id))) {
      throw invalid(`technician ${input.technicianId} does not exist or cannot see this company`, 'technicianId');
    }
    const part = await participantState(scope, id, input.technicianId);
    if (part && part.state !== 'left')
      throw conflict(`technician ${input.technicianId} is ${part.state} in chat ${id} already`);
    await setParticipant(scope, id, input.technicianId, 'conference', 'invited');
    const expiresAt = scope.now + (await queueTimeoutMs(scope.trx, chat.queue_id));
    await schedule(scope, {
      kind: CHAT_DEADLINES.conferenceTimeout,
      ref: `${id}:${input.technicianId}`,
      dueAt: expiresAt,
      payload: { chatId: id, technicianId: input.technicianId },
    });
    const chatNow = await chatView(scope.trx, chat);
    scope.emit({
      type: 'chat.conference',
      companyId: chat.company_id,
      technicianId: input.technicianId,
      data: { chatId: id, chat: chatNow, invitedBy: { id: actor.id, name: actor.name } },
    });
    return chatNow;
  });
}

/** Removes a technician from the conference (the owner removes anyone; anyone may leave). */
export async function endConference(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = conferenceInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    if (input.technicianId !== actor.id) requireOwner(actor, chat, 'remove a technician');
    const part = await participantState(scope, id, input.technicianId);
    if (!part || part.role !== 'conference' || part.state === 'left') {
      throw conflict(`technician ${input.technicianId} is not in the conference of chat ${id}`);
    }
    await setParticipant(scope, id, input.technicianId, 'conference', 'left');
    await cancel(scope, CHAT_DEADLINES.conferenceTimeout, `${id}:${input.technicianId}`);
    if (part.state === 'active') {
      await systemMessage(scope, chat, `${await technicianName(scope.trx, input.technicianId)} left the conversation`);
    }
    await emitChatUpdated(scope, chat, 'conference-left');
    return chatView(scope.trx, chat);
  });
}

// ---------- ending

async function finish(scope: WriteScope, chat: ChatRow, set: Partial<ChatRow>, line: string): Promise<ChatRow> {
  await clearPending(scope, chat);
  if (chat.offered_to_id !== null) await closeOffer(scope, chat.id, chat.offered_to_id, 'withdrawn');
  await scope.trx
    .updateTable('chat_participants')
    .set({ state: 'left', updated_at: scope.now })
    .where('chat_id', '=', chat.id)
    .where('state', 'in', ['invited', 'active'])
    .execute();
  const ended = await updateChat(scope, chat.id, { offered_to_id: null, ended_at: scope.now, ...set });
  await systemMessage(scope, ended, line);
  if (chat.state === 'active') {
    if (ended.ticket_id !== null) await appendTranscript(scope, ended);
    if (ended.owner_id !== null) {
      await writePresence(scope, ended.owner_id, { idle_since: scope.now });
      await routeWaiting(scope);
    }
  }
  await emitChatUpdated(scope, ended, ended.state);
  return ended;
}

/**
 * Ends a chat with a wrap-up reason (the owner, or an admin; any technician who sees it may close a
 * request nobody has taken). A chat the customer ended is given its wrap-up reason the same way.
 */
export async function endChat(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = endInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    const reason = await wrapupReason(scope.trx, input.reason);
    if (chat.state === 'ended' && chat.wrapup === null) {
      requireOwner(actor, chat, 'wrap it up');
      const fresh = await updateChat(scope, id, { wrapup: reason });
      await emitChatUpdated(scope, fresh, 'wrapped-up');
      return chatView(scope.trx, fresh);
    }
    requireState(chat, OPEN_CHAT_STATES, 'end it');
    if (chat.owner_id !== null) requireOwner(actor, chat, 'end it');
    const ended = await finish(
      scope,
      chat,
      { state: 'ended', wrapup: reason, ended_by: `technician:${actor.id}` },
      `${actor.name} ended the chat`,
    );
    return chatView(scope.trx, ended);
  });
}

// ---------- the customer's side

async function customerChat(scope: WriteScope, customer: CustomerActor, id: number): Promise<ChatRow> {
  const chat = await lockChat(scope, id);
  if (!chat || chat.contact_id !== customer.contactId) throw notFound(`chat ${id}`);
  return chat;
}

export async function customerAccept(store: Store, customer: CustomerActor, id: number) {
  return store.write(async (scope) => {
    const chat = await customerChat(scope, customer, id);
    if (chat.initiated_by !== 'technician' || chat.state !== 'offered')
      throw conflict(`chat ${id} is not waiting for you to accept`);
    const res = await scope.trx
      .updateTable('chats')
      .set({ state: 'active', accepted_at: scope.now, updated_at: scope.now })
      .where('id', '=', id)
      .where('state', '=', 'offered')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(`chat ${id} is not waiting for you to accept`);
    await cancel(scope, CHAT_DEADLINES.customerAccept, String(id));
    const fresh = await lockChat(scope, id);
    if (!fresh || fresh.owner_id === null) throw notFound(`chat ${id}`);
    await becomeOwner(scope, fresh, fresh.owner_id);
    await systemMessage(scope, fresh, `${customer.name} accepted the chat`);
    await emitChatUpdated(scope, fresh, 'accepted');
    return customerChatView(scope.trx, fresh);
  });
}

export async function customerDecline(store: Store, customer: CustomerActor, id: number) {
  return store.write(async (scope) => {
    const chat = await customerChat(scope, customer, id);
    if (chat.initiated_by !== 'technician' || chat.state !== 'offered')
      throw conflict(`chat ${id} is not waiting for you to accept`);
    return declineInvitation(scope, customer, chat);
  });
}

/** The customer turns down a technician's invitation; the technician is told. */
async function declineInvitation(scope: WriteScope, customer: CustomerActor, chat: ChatRow) {
  const ended = await finish(
    scope,
    chat,
    { state: 'declined', ended_by: 'customer' },
    `${customer.name} declined the chat`,
  );
  if (ended.owner_id !== null)
    notice(scope, ended, ended.owner_id, 'invitation-declined', `${customer.name} declined chat ${chat.id}`);
  return customerChatView(scope.trx, ended);
}

/** The customer leaves: a waiting request is withdrawn, an active chat ends (its owner still gives a wrap-up reason). */
export async function customerEnd(store: Store, customer: CustomerActor, id: number) {
  return store.write(async (scope) => {
    const chat = await customerChat(scope, customer, id);
    requireState(chat, OPEN_CHAT_STATES, 'end it');
    if (chat.initiated_by === 'technician' && chat.state === 'offered') return declineInvitation(scope, customer, chat);
    const ended = await finish(scope, chat, { state: 'ended', ended_by: 'customer' }, `${customer.name} left the chat`);
    if (chat.owner_id !== null && chat.state === 'active') {
      notice(
        scope,
        ended,
        chat.owner_id,
        'customer-left',
        `${customer.name} ended chat ${id}: give it a wrap-up reason with desk chat end ${id} --reason …`,
      );
    }
    return customerChatView(scope.trx, ended);
  });
}

export async function customerChats(db: Db, customer: CustomerActor) {
  const rows = await db
    .selectFrom('chats')
    .selectAll()
    .where('contact_id', '=', customer.contactId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return { items: await Promise.all(rows.map((r) => customerChatView(db, r))) };
}

export async function customerShow(db: Db, customer: CustomerActor, id: number) {
  const seq = await headSeq(db);
  const row = await db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.contact_id !== customer.contactId) throw notFound(`chat ${id}`);
  return { ...(await customerChatView(db, row)), messages: await transcript(db, id, false), seq };
}

// ---------- deadlines

/** An offer was not answered in time: the technician goes to RONA and the request goes to the next one. */
export async function offerTimedOut(scope: WriteScope, ref: string, payload: Record<string, unknown>): Promise<void> {
  const chat = await lockChat(scope, Number(ref));
  const technicianId = Number(payload.technicianId);
  if (!chat || chat.state !== 'offered' || chat.offered_to_id !== technicianId) return;
  await reoffer(scope, chat, 'expired', true);
  const presence = await presenceOf(scope.trx, technicianId);
  if (presence.state === 'available') {
    await writePresence(scope, technicianId, { state: 'rona', reason: null, changed_at: scope.now });
    await emitPresence(scope, technicianId);
  }
  notice(
    scope,
    chat,
    technicianId,
    'rona',
    `You did not answer the offer of chat ${chat.id} in time: your status is now RONA. Run \`desk status available\` to get offers again.`,
  );
  await withdrawOffers(scope, technicianId);
}

/** The customer did not accept a technician's invitation in time. */
export async function invitationExpired(scope: WriteScope, ref: string): Promise<void> {
  const chat = await lockChat(scope, Number(ref));
  if (!chat || chat.state !== 'offered' || chat.initiated_by !== 'technician') return;
  const ended = await finish(scope, chat, { state: 'expired' }, 'The invitation expired');
  if (ended.owner_id !== null) {
    notice(
      scope,
      ended,
      ended.owner_id,
      'invitation-expired',
      `The customer did not accept chat ${chat.id} in time; it expired`,
    );
  }
}

export async function transferTimedOut(
  scope: WriteScope,
  ref: string,
  payload: Record<string, unknown>,
): Promise<void> {
  const chat = await lockChat(scope, Number(ref));
  if (!chat) return;
  const res = await scope.trx
    .updateTable('chat_transfers')
    .set({ state: 'expired', answered_at: scope.now })
    .where('id', '=', Number(payload.transferId))
    .where('state', '=', 'pending')
    .returning(['from_id'])
    .executeTakeFirst();
  if (!res) return;
  notice(
    scope,
    chat,
    res.from_id,
    'transfer-expired',
    `Nobody accepted the transfer of chat ${chat.id} in time; the chat stays with you`,
  );
  await systemMessage(scope, chat, 'The transfer was not accepted in time', true);
  await emitChatUpdated(scope, chat, 'transfer-expired');
}

export async function conferenceTimedOut(scope: WriteScope, payload: Record<string, unknown>): Promise<void> {
  const chatId = Number(payload.chatId);
  const technicianId = Number(payload.technicianId);
  const chat = await lockChat(scope, chatId);
  if (!chat) return;
  const res = await scope.trx
    .updateTable('chat_participants')
    .set({ state: 'left', updated_at: scope.now })
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .where('state', '=', 'invited')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return;
  if (chat.owner_id !== null) {
    notice(
      scope,
      chat,
      chat.owner_id,
      'conference-expired',
      `${await technicianName(scope.trx, technicianId)} did not join chat ${chatId} in time`,
    );
  }
  await emitChatUpdated(scope, chat, 'conference-expired');
}
