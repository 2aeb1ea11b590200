/** Conferences: the owner invites another technician into a chat, and removes them; anyone may leave. */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { conflict, invalid } from '../../../core/errors.js';
import { CHAT_DEADLINES, conferenceInput, type Chat } from '../../../core/chat.js';
import { chatView } from './chat-views.js';
import { lockVisibleChat, requireState, technicianCanSee } from './chat-access.js';
import { emitChatUpdated, systemMessage, technicianName } from './announcements.js';
import { queueTimeoutMs } from './timeout-settings.js';
import { participantState, requireOwner, setParticipant } from './participants.js';
import { wrapupReason } from './queues.js';
import { markWrapupDue, recordWrapup } from './wrapups.js';

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

/**
 * Removes a technician from the conference (the owner removes anyone; anyone may leave). Who leaves
 * gives their wrap-up reason; one removed by the owner owes theirs and is told.
 */
export async function endConference(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = conferenceInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    const leaving = input.technicianId === actor.id;
    if (!leaving) requireOwner(actor, chat, 'remove a technician');
    const part = await participantState(scope, id, input.technicianId);
    if (!part || part.role !== 'conference' || part.state === 'left') {
      throw conflict(`technician ${input.technicianId} is not in the conference of chat ${id}`);
    }
    const joined = part.state === 'active';
    if (leaving && joined && input.reason === undefined) {
      throw invalid('give your wrap-up reason for leaving the conference (from `desk admin wrapup list`)', 'reason');
    }
    const reason = leaving && joined && input.reason !== undefined ? await wrapupReason(scope.trx, input.reason) : null;
    await setParticipant(scope, id, input.technicianId, 'conference', 'left');
    await cancel(scope, CHAT_DEADLINES.conferenceTimeout, `${id}:${input.technicianId}`);
    if (joined) {
      await systemMessage(scope, chat, `${await technicianName(scope.trx, input.technicianId)} left the conversation`);
      if (reason !== null) await recordWrapup(scope, id, input.technicianId, reason);
      else await markWrapupDue(scope, chat, [input.technicianId], `${actor.name} ended your conference in chat ${id}`);
    }
    await emitChatUpdated(scope, chat, 'conference-left');
    return chatView(scope.trx, chat);
  });
}
