/**
 * Assistants and control of a support session: a technician who may see the chat's company joins a
 * running session by its number as an assistant (talks, cannot transfer or end); the owner passes
 * control to a technician in the chat and stays as an observer (an assistant); whoever has control
 * can pass it back; a technician without control leaves.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { conflict, forbidden } from '../../../core/errors.js';
import type { Chat } from '../../../core/chat.js';
import { controlInput, joinNumberInput } from '../../../core/support-sessions.js';
import { chatView } from './chat-views.js';
import { lockChat, lockVisibleChat, requireState, technicianCanSee, updateChat } from './chat-access.js';
import { emitChatUpdated, systemMessage, technicianName } from './announcements.js';
import { participantState, requireOwner, setParticipant } from './participants.js';
import { noSession, openChatByNumber } from './session-numbers.js';
import { writePresence } from './availability.js';

/** Joins the running session with this number as an assistant; joining again answers the chat. */
export async function joinAsAssistant(store: Store, actor: Actor, raw: unknown): Promise<Chat> {
  const input = joinNumberInput.parse(raw);
  const found = await openChatByNumber(store.db, input.sessionNumber);
  const number = found.session_number ?? '';
  return store.write(async (scope) => {
    const chat = await lockChat(scope, found.id);
    if (!chat || chat.state !== 'active' || !(await technicianCanSee(scope.trx, actor.id, chat.company_id))) {
      throw noSession(number);
    }
    if (chat.owner_id === actor.id) throw conflict(`you have control of chat ${chat.id} already`);
    const part = await participantState(scope, chat.id, actor.id);
    if (part?.state === 'active') return chatView(scope.trx, chat);
    await setParticipant(scope, chat.id, actor.id, 'assistant', 'active');
    await systemMessage(scope, chat, `${actor.name} joined the session as an assistant`);
    await emitChatUpdated(scope, chat, 'assistant-joined');
    return chatView(scope.trx, chat);
  });
}

/** Passes control of a chat to a technician in it; the former owner stays as an observer who can talk. */
export async function passControl(store: Store, actor: Actor, id: number, raw: unknown): Promise<Chat> {
  const input = controlInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    requireState(chat, ['active'], 'pass control');
    requireOwner(actor, chat, 'pass control');
    const from = chat.owner_id;
    if (from === null || input.technicianId === from)
      throw conflict(`technician ${input.technicianId} has control already`);
    const part = await participantState(scope, id, input.technicianId);
    if (part?.state !== 'active') {
      throw conflict(
        `technician ${input.technicianId} is not in chat ${id}: they join it first with desk chat join ${chat.session_number ?? 'NUMBER'}`,
      );
    }
    const pending = await scope.trx
      .selectFrom('chat_transfers')
      .select('id')
      .where('chat_id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw conflict(`chat ${id} has a transfer waiting for an answer; wait for it first`);
    const fresh = await updateChat(scope, id, { owner_id: input.technicianId });
    await setParticipant(scope, id, input.technicianId, 'owner', 'active');
    await setParticipant(scope, id, from, 'assistant', 'active');
    await writePresence(scope, input.technicianId, { idle_since: scope.now });
    const [fromName, toName] = await Promise.all([
      technicianName(scope.trx, from),
      technicianName(scope.trx, input.technicianId),
    ]);
    await systemMessage(scope, fresh, `${fromName} passed control of the session to ${toName}`);
    await emitChatUpdated(scope, fresh, 'control');
    return chatView(scope.trx, fresh);
  });
}

/** A technician without control leaves the chat (the one with control transfers or ends it instead). */
export async function leaveChat(store: Store, actor: Actor, id: number): Promise<Chat> {
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    if (chat.owner_id === actor.id) {
      throw forbidden(`you have control of chat ${id}: pass control, transfer or end it instead of leaving`);
    }
    const part = await participantState(scope, id, actor.id);
    if (!part || part.state !== 'active') throw conflict(`you are not in chat ${id}`);
    await setParticipant(scope, id, actor.id, part.role === 'conference' ? 'conference' : 'assistant', 'left');
    await systemMessage(scope, chat, `${actor.name} left the conversation`);
    await emitChatUpdated(scope, chat, 'assistant-left');
    return chatView(scope.trx, chat);
  });
}
