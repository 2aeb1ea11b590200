/**
 * Ending a chat: `finish`, which every way a chat ends goes through (timers and invitations
 * cleared, participants leave, the transcript goes to its ticket, the owner gets the next request),
 * and the technician's end with a wrap-up reason.
 */
import type { ChatRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { OPEN_CHAT_STATES, endInput, type Chat } from '../../../core/chat.js';
import { chatView } from './chat-views.js';
import { lockVisibleChat, requireState, updateChat } from './chat-access.js';
import { emitChatUpdated, systemMessage } from './announcements.js';
import { wrapupReason } from './queues.js';
import { closeOffer, routeWaiting } from './routing.js';
import { writePresence } from './availability.js';
import { appendTranscript } from './chat-tickets.js';
import { clearPending, requireOwner } from './participants.js';
import { activeParticipants, markWrapupDue, owesWrapup, recordWrapup, wrapUp } from './wrapups.js';

/** Who gives a wrap-up reason as the chat ends, and how the others who still owe theirs are told. */
export interface EndingWrapup {
  /** The technician ending the chat with their reason. */
  readonly by?: { readonly technicianId: number; readonly reason: string };
  /** Technicians the caller tells itself (not sent the general notice). */
  readonly told?: readonly number[];
  /** Why they owe one, for the notice ("Chat 4 ended"). */
  readonly why?: string;
}

/**
 * Ends a chat in any way (`set` gives its final state and who ended it), with `line` in the
 * transcript. Technicians still working an active chat owe a wrap-up reason, unless they give it now.
 */
export async function finish(
  scope: WriteScope,
  chat: ChatRow,
  set: Partial<ChatRow>,
  line: string,
  wrapup: EndingWrapup = {},
): Promise<ChatRow> {
  const working = chat.state === 'active' ? await activeParticipants(scope, chat.id) : [];
  await clearPending(scope, chat);
  if (chat.offered_to_id !== null) await closeOffer(scope, chat.id, chat.offered_to_id, 'withdrawn');
  await scope.trx
    .updateTable('chat_participants')
    .set({ state: 'left', updated_at: scope.now })
    .where('chat_id', '=', chat.id)
    .where('state', 'in', ['invited', 'active'])
    .execute();
  const ended = await updateChat(scope, chat.id, { offered_to_id: null, ended_at: scope.now, ...set });
  const by = wrapup.by;
  if (by) await recordWrapup(scope, chat.id, by.technicianId, by.reason);
  const owing = working.filter((id) => id !== by?.technicianId);
  await markWrapupDue(scope, ended, owing, wrapup.why ?? `Chat ${chat.id} ended`, wrapup.told);
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
    const owes = chat.owner_id !== actor.id && (await owesWrapup(scope, id, actor.id));
    if ((chat.state === 'ended' && chat.wrapup === null) || owes) {
      return chatView(scope.trx, await wrapUp(scope, actor, chat, reason));
    }
    requireState(chat, OPEN_CHAT_STATES, 'end it');
    if (chat.owner_id !== null) requireOwner(actor, chat, 'end it');
    const ended = await finish(
      scope,
      chat,
      { state: 'ended', wrapup: reason, ended_by: `technician:${actor.id}` },
      `${actor.name} ended the chat`,
      { by: { technicianId: chat.owner_id ?? actor.id, reason }, why: `${actor.name} ended chat ${id}` },
    );
    return chatView(scope.trx, ended);
  });
}
