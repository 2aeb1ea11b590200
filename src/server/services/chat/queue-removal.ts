/**
 * An admin removes a chat queue: the requests waiting in it move to the default queue (an offer
 * open in it is withdrawn and the request routed again there), transfers waiting for it are
 * cancelled (their technicians told), and its members are told. The default queue cannot be removed.
 * The queue row stays, marked removed, so the chats it held keep it in their history; adding a
 * queue of the same name later brings it back.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { cancel } from '../../deadlines/deadlines.js';
import { conflict, forbidden } from '../../../core/errors.js';
import { CHAT_DEADLINES } from '../../../core/chat.js';
import { lockChat, updateChat } from './chat-access.js';
import { emitChatUpdated, notice, systemMessage } from './announcements.js';
import { closeOffer, routeChat } from './routing.js';
import { findQueue } from './queues.js';

interface QueueRemoved {
  readonly removed: string;
  readonly movedTo: string;
  /** The waiting chats moved to the default queue. */
  readonly chats: number[];
  /** The technicians who were members, each told. */
  readonly members: number[];
}

export async function removeQueue(store: Store, actor: Actor, name: string): Promise<QueueRemoved> {
  if (!actor.admin) throw forbidden('only an admin can do this');
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const queue = await findQueue(trx, name);
    if (queue.is_default === 1) {
      throw conflict(`the default queue ${queue.name} cannot be removed: it takes the requests of removed queues`);
    }
    const target = await findQueue(trx, undefined);
    const waiting = await trx
      .selectFrom('chats')
      .select('id')
      .where('queue_id', '=', queue.id)
      .where('state', 'in', ['requested', 'offered'])
      .orderBy('id')
      .execute();
    const moved: number[] = [];
    for (const { id } of waiting) {
      const chat = await lockChat(scope, id);
      if (!chat || chat.queue_id !== queue.id || (chat.state !== 'requested' && chat.state !== 'offered')) continue;
      if (chat.offered_to_id !== null) await closeOffer(scope, chat.id, chat.offered_to_id, 'withdrawn');
      const back = await updateChat(scope, chat.id, { queue_id: target.id, state: 'requested', offered_to_id: null });
      await systemMessage(
        scope,
        back,
        `The queue ${queue.name} was removed: the request waits in ${target.name}`,
        true,
      );
      const routed = await routeChat(scope, back, false);
      if (routed !== 'offered') await emitChatUpdated(scope, back, 'queue-removed');
      moved.push(chat.id);
    }

    const transfers = await trx
      .updateTable('chat_transfers')
      .set({ state: 'cancelled', answered_at: now })
      .where('to_queue_id', '=', queue.id)
      .where('state', '=', 'pending')
      .returning(['chat_id', 'from_id'])
      .execute();
    for (const t of transfers) {
      await cancel(scope, CHAT_DEADLINES.transferTimeout, String(t.chat_id));
      const chat = await lockChat(scope, t.chat_id);
      if (!chat) continue;
      notice(
        scope,
        chat,
        t.from_id,
        'transfer-cancelled',
        `The queue ${queue.name} was removed: the transfer of chat ${chat.id} is cancelled and the chat stays with you`,
      );
      await emitChatUpdated(scope, chat, 'transfer-cancelled');
    }

    const members = (
      await trx.selectFrom('chat_queue_members').select('technician_id').where('queue_id', '=', queue.id).execute()
    ).map((m) => m.technician_id);
    await trx.deleteFrom('chat_queue_members').where('queue_id', '=', queue.id).execute();
    await trx.updateTable('chat_queues').set({ removed_at: now }).where('id', '=', queue.id).execute();

    const text =
      `${actor.name} removed the queue ${queue.name}` +
      (moved.length > 0 ? `; its ${moved.length} waiting chat(s) moved to ${target.name}` : '');
    for (const technicianId of members) {
      scope.emit({
        type: 'chat.notice',
        companyId: null,
        technicianId,
        data: { chatId: null, technicianId, kind: 'queue-removed', text },
      });
    }
    scope.emit({
      type: 'queue.removed',
      companyId: null,
      data: { queue: { id: queue.id, name: queue.name }, movedTo: { id: target.id, name: target.name }, chats: moved },
    });
    return { removed: queue.name, movedTo: target.name, chats: moved, members };
  });
}
