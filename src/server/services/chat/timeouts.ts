/**
 * What happens when a chat's deadline fires: an unanswered offer (the technician goes to RONA),
 * an invitation the customer did not accept, a customer's request nobody accepted, a declined
 * request due to be offered again, a transfer or conference invitation nobody took.
 */
import type { WriteScope } from '../../store/store.js';
import { emitChatUpdated, notice, systemMessage, technicianName } from './announcements.js';
import { lockChat } from './chat-access.js';
import { reoffer, routeChat, withdrawOffers } from './routing.js';
import { emitPresence, presenceOf, writePresence } from './availability.js';
import { finish } from './ending.js';

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

/** The transcript's last line for a customer whose request nobody accepted in time. */
const REQUEST_EXPIRED_TEXT =
  'All technicians are busy: nobody could take your chat in time. Please leave a ticket instead and we will get back to you.';

/** Nobody accepted a customer's request in time: it ends as expired and the customer is offered a ticket. */
export async function requestExpired(scope: WriteScope, ref: string): Promise<void> {
  const chat = await lockChat(scope, Number(ref));
  if (!chat || chat.initiated_by !== 'customer' || chat.accepted_at !== null) return;
  if (chat.state !== 'requested' && chat.state !== 'offered') return;
  const offeredTo = chat.offered_to_id;
  const ended = await finish(scope, chat, { state: 'expired' }, REQUEST_EXPIRED_TEXT);
  if (offeredTo !== null) {
    notice(scope, ended, offeredTo, 'request-expired', `Nobody accepted chat ${chat.id} in time; it expired`);
  }
}

/** A request that was declined waits again: route it, now that those who declined may be asked again. */
export async function reofferDue(scope: WriteScope, ref: string): Promise<void> {
  const chat = await lockChat(scope, Number(ref));
  if (!chat || chat.state !== 'requested') return;
  await routeChat(scope, chat, false);
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
