/**
 * Wrap-up reasons per technician (DESIGN §2.4): every technician's part of a chat ends with a reason
 * from the admin list — the owner's when they end or hand on the chat, each conference technician's
 * when they leave or are removed, and everyone's who was still in a chat the customer ended. Whoever
 * leaves without giving one owes it (`wrapup_due`) and is told; `desk chat wrap-up` gives it later.
 */
import type { ChatRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { conflict, forbidden } from '../../../core/errors.js';
import { endInput, type Chat } from '../../../core/chat.js';
import { chatView } from './chat-views.js';
import { lockVisibleChat, updateChat } from './chat-access.js';
import { emitChatUpdated, notice } from './announcements.js';
import { wrapupReason } from './queues.js';

/** Records a technician's wrap-up reason for their part of a chat (what they owed is settled). */
export async function recordWrapup(scope: WriteScope, chatId: number, technicianId: number, reason: string) {
  await scope.trx
    .updateTable('chat_participants')
    .set({ wrapup: reason, wrapup_due: 0, wrapup_at: scope.now })
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .execute();
}

/** The technicians working a chat right now (owner and conference), who owe a reason when it ends. */
export async function activeParticipants(scope: WriteScope, chatId: number): Promise<number[]> {
  const rows = await scope.trx
    .selectFrom('chat_participants')
    .select('technician_id')
    .where('chat_id', '=', chatId)
    .where('state', '=', 'active')
    .execute();
  return rows.map((r) => r.technician_id);
}

/** These technicians now owe a wrap-up reason for the chat; each is told how to give it. */
export async function markWrapupDue(
  scope: WriteScope,
  chat: ChatRow,
  technicianIds: readonly number[],
  why: string,
  told: readonly number[] = [],
): Promise<void> {
  if (technicianIds.length === 0) return;
  await scope.trx
    .updateTable('chat_participants')
    .set({ wrapup_due: 1 })
    .where('chat_id', '=', chat.id)
    .where('technician_id', 'in', [...technicianIds])
    .where('wrapup', 'is', null)
    .execute();
  for (const technicianId of technicianIds) {
    if (told.includes(technicianId)) continue;
    notice(
      scope,
      chat,
      technicianId,
      'wrapup-due',
      `${why}: give your wrap-up reason with \`desk chat wrap-up ${chat.id} --reason …\` (in the TUI: e on its tab)`,
    );
  }
}

/**
 * The actor gives the wrap-up reason they owe for a chat. An admin may give the owner's for a chat
 * the customer ended. The chat's own reason is its last owner's.
 */
export async function wrapUp(scope: WriteScope, actor: Actor, chat: ChatRow, reason: string): Promise<ChatRow> {
  const mine = await scope.trx
    .selectFrom('chat_participants')
    .select(['wrapup', 'wrapup_due'])
    .where('chat_id', '=', chat.id)
    .where('technician_id', '=', actor.id)
    .executeTakeFirst();
  let technicianId = actor.id;
  if (mine?.wrapup_due !== 1) {
    const ownersDue = chat.state === 'ended' && chat.wrapup === null && chat.owner_id !== null;
    if (!(ownersDue && (chat.owner_id === actor.id || actor.admin))) {
      if (mine?.wrapup) throw conflict(`you gave your wrap-up reason for chat ${chat.id} already (${mine.wrapup})`);
      if (ownersDue) throw forbidden(`only the chat's owner can wrap it up`);
      throw conflict(`you owe no wrap-up reason for chat ${chat.id}`);
    }
    technicianId = chat.owner_id as number;
  }
  await recordWrapup(scope, chat.id, technicianId, reason);
  const fresh =
    technicianId === chat.owner_id && chat.state === 'ended' && chat.wrapup === null
      ? await updateChat(scope, chat.id, { wrapup: reason })
      : chat;
  await emitChatUpdated(scope, fresh, 'wrapped-up');
  return fresh;
}

/** `POST /v1/chats/:id/wrapup`: gives the wrap-up reason the actor owes for a chat. */
export async function giveWrapup(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = endInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    const reason = await wrapupReason(scope.trx, input.reason);
    return chatView(scope.trx, await wrapUp(scope, actor, chat, reason));
  });
}

/** Whether the actor owes a wrap-up reason for this chat. */
export async function owesWrapup(scope: WriteScope, chatId: number, technicianId: number): Promise<boolean> {
  const row = await scope.trx
    .selectFrom('chat_participants')
    .select('wrapup_due')
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
  return row?.wrapup_due === 1;
}
