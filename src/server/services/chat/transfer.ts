/**
 * Handing a chat on: the owner transfers it to a technician or a queue (who must accept in time),
 * or unassigns it back to its own queue, where it is routed again.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { schedule } from '../../deadlines/deadlines.js';
import { conflict, invalid } from '../../../core/errors.js';
import { CHAT_DEADLINES, transferInput, type Chat } from '../../../core/chat.js';
import { chatView, pendingTransferView } from './chat-views.js';
import { lockChat, lockVisibleChat, requireState, technicianCanSee, updateChat } from './chat-access.js';
import { emitChatUpdated, systemMessage, technicianName } from './announcements.js';
import { queueTimeoutMs } from './timeout-settings.js';
import { findQueue, wrapupReason } from './queues.js';
import { routeChat, routeWaiting } from './routing.js';
import { clearPending, requireOwner } from './participants.js';

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
    // A queue removed meanwhile no longer routes: the chat goes back to the default queue.
    const own = await scope.trx
      .selectFrom('chat_queues')
      .select('removed_at')
      .where('id', '=', chat.queue_id)
      .executeTakeFirst();
    const queueId =
      own === undefined || own.removed_at === null ? chat.queue_id : (await findQueue(scope.trx, undefined)).id;
    const back = await updateChat(scope, id, {
      state: 'requested',
      owner_id: null,
      offered_to_id: null,
      accepted_at: null,
      queue_id: queueId,
    });
    await systemMessage(scope, back, 'You are back in the queue; the next free technician will take over');
    await emitChatUpdated(scope, back, 'unassigned');
    await routeChat(scope, back, true);
    await routeWaiting(scope);
    const fresh = await lockChat(scope, id);
    return chatView(scope.trx, fresh ?? back);
  });
}
