/**
 * A technician answers what waits for them on a chat: accepts or declines an offer, a transfer to
 * them (or their queue) or a conference invitation; in a pick-mode queue, takes a waiting request.
 * Each answer is a conditional update, so when two answer at once exactly one wins.
 */
import type { ChatRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { cancel } from '../../deadlines/deadlines.js';
import { conflict, forbidden, notFound } from '../../../core/errors.js';
import { CHAT_DEADLINES, type Chat } from '../../../core/chat.js';
import { chatView } from './chat-views.js';
import { lockChat, lockVisibleChat, technicianCanSee, updateChat } from './chat-access.js';
import { emitChatUpdated, notice, systemMessage, technicianName } from './announcements.js';
import { closeOffer, isQueueMember, queueById, reoffer, routeWaiting } from './routing.js';
import { writePresence } from './availability.js';
import { becomeOwner, participantState, requireRoom, setParticipant } from './participants.js';
import { ticketFollowsOwner } from './chat-tickets.js';
import { recordWrapup } from './wrapups.js';

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
      if (mine) return acceptTransfer(scope, actor, chat, transfer);
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
  transfer: { id: number; from_id: number; to_queue_id: number | null; reason: string },
): Promise<{ chat: Chat; accepted: Accepted }> {
  const { id: transferId, from_id: fromId, to_queue_id: toQueueId } = transfer;
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
  await recordWrapup(scope, chat.id, fromId, transfer.reason);
  await setParticipant(scope, chat.id, actor.id, 'owner', 'active');
  await ticketFollowsOwner(scope, fresh, fromId, actor);
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
