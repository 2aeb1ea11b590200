/**
 * The customer's side of a chat: request one in a queue (routed at once), accept or decline a
 * technician's invitation, leave, and read their chats.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import { isUniqueViolation } from '../../store/errors.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { CHAT_DEADLINES, OPEN_CHAT_STATES } from '../../../core/chat.js';
import { checkCustomerMessage, customerRequestInput } from '../../../core/customer-chat.js';
import { chatView, customerChatView, headSeq } from './chat-views.js';
import { transcript } from './message-views.js';
import { lockChat, requireState } from './chat-access.js';
import { emitChatUpdated, notice, systemMessage } from './announcements.js';
import { queueById, queueMemberIds, routeChat, withRoom } from './routing.js';
import { presenceRows } from './availability.js';
import { findQueue } from './queues.js';
import { insertMessage } from './messages.js';
import { becomeOwner } from './participants.js';
import { finish } from './ending.js';
import { requestTimeoutMs } from './timeout-settings.js';
import { freshSessionNumber } from './session-numbers.js';
import { chatsLeft, customerPlace, customerWindow, guestChatIds, leaveAsGuest } from './chat-customers.js';
import { settingValue } from '../settings.js';
import type { CustomerActor } from './customers.js';

type Db = Kysely<Database>;

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
      if ((await settingValue(trx, 'chat.enabled')) === 'off') {
        throw conflict('live chat is turned off; leave a ticket instead');
      }
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
          session_number: await freshSessionNumber(trx),
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
      // Nobody accepting in time ends the request (timeouts.ts, requestExpired); stored, so it survives restarts.
      await schedule(scope, {
        kind: CHAT_DEADLINES.requestTimeout,
        ref: String(row.id),
        dueAt: now + (await requestTimeoutMs(trx)),
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

async function customerChat(scope: WriteScope, customer: CustomerActor, id: number): Promise<ChatRow> {
  const chat = await lockChat(scope, id);
  if (!chat || chat.contact_id !== customer.contactId) throw notFound(`chat ${id}`);
  return chat;
}

/** Refuses unless the chat is a technician's invitation still waiting for the customer; an expired one says so. */
function requireInvitation(chat: ChatRow): void {
  if (chat.initiated_by === 'technician' && chat.state === 'expired') {
    throw conflict(`the invitation to chat ${chat.id} expired; ask the helpdesk again with desk customer chat`);
  }
  if (chat.initiated_by !== 'technician' || chat.state !== 'offered')
    throw conflict(`chat ${chat.id} is not waiting for you to accept`);
}

export async function customerAccept(store: Store, customer: CustomerActor, id: number) {
  return store.write(async (scope) => {
    const chat = await customerChat(scope, customer, id);
    requireInvitation(chat);
    return customerChatView(scope.trx, await acceptInvitation(scope, customer, chat));
  });
}

/** The chat's contact accepts the technician's invitation (by answering it, or by opening a join link). */
export async function acceptInvitation(scope: WriteScope, customer: CustomerActor, chat: ChatRow): Promise<ChatRow> {
  const id = chat.id;
  requireInvitation(chat);
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
  return fresh;
}

export async function customerDecline(store: Store, customer: CustomerActor, id: number) {
  return store.write(async (scope) => {
    const chat = await customerChat(scope, customer, id);
    requireInvitation(chat);
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
    const guestIn = await lockChat(scope, id);
    if (guestIn && (await customerPlace(scope.trx, guestIn, customer.contactId))?.contact === false) {
      requireState(guestIn, OPEN_CHAT_STATES, 'leave it');
      return leaveAsGuest(scope, guestIn, customer);
    }
    const chat = await customerChat(scope, customer, id);
    requireState(chat, OPEN_CHAT_STATES, 'end it');
    if (chat.initiated_by === 'technician' && chat.state === 'offered') return declineInvitation(scope, customer, chat);
    const ended = await finish(
      scope,
      chat,
      { state: 'ended', ended_by: 'customer' },
      `${customer.name} left the chat`,
      {
        why: `${customer.name} ended chat ${id}`,
        told: chat.owner_id !== null ? [chat.owner_id] : [],
      },
    );
    if (chat.owner_id !== null && chat.state === 'active') {
      notice(
        scope,
        ended,
        chat.owner_id,
        'customer-left',
        `${customer.name} ended chat ${id}: give it a wrap-up reason with \`desk chat wrap-up ${id} --reason …\``,
      );
    }
    return customerChatView(scope.trx, ended);
  });
}

export async function customerChats(db: Db, customer: CustomerActor) {
  const rows = await db
    .selectFrom('chats')
    .selectAll()
    .where((eb) =>
      eb.or([eb('contact_id', '=', customer.contactId), eb('id', 'in', guestChatIds(db, customer.contactId))]),
    )
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const [items, left] = await Promise.all([
    Promise.all(rows.map((r) => customerChatView(db, r))),
    chatsLeft(db, customer.contactId),
  ]);
  return { items: items.map((c) => (left.has(c.id) ? { ...c, left: true } : c)) };
}

/** One of the customer's chats with its transcript; `now` is the server's time, for counting down to an expiry. */
export async function customerShow(db: Db, customer: CustomerActor, id: number, now: number) {
  const seq = await headSeq(db);
  const row = await db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
  const window = row && (await customerWindow(db, row, customer.contactId));
  if (!row || !window) throw notFound(`chat ${id}`);
  const { after, until } = window;
  const [all, view] = await Promise.all([transcript(db, id, false), customerChatView(db, row)]);
  const messages = all.filter((m) => m.id > after && (until === null || m.id <= until));
  const left = until !== null ? { left: true } : {};
  const guest = row.contact_id !== customer.contactId ? { guest: true } : {};
  return { ...view, ...left, ...guest, messages, seq, now: new Date(now).toISOString() };
}
