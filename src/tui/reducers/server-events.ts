/**
 * Server events from the stream, applied to every slice they touch. Events are upserts keyed by id,
 * so replaying one the snapshot already holds changes nothing for long.
 */
import type { Chat } from '../../core/chat.js';
import { isMine } from '../select.js';
import type { Invitation, ServerEvent, State } from '../state.js';
import { addMessage, addNotice, upsertChat } from './chats.js';
import { dashboardEvent } from './dashboard.js';
import { deleteIn, ms, setIn, type Handlers } from './slice.js';
import { upsertTicket } from './tickets.js';

/** A stream event; `seq` and `at` (server epoch ms) as the stream gave them, when known. */
export type EventAction = {
  readonly type: 'event';
  readonly event: ServerEvent;
  readonly seq?: number;
  readonly at?: number;
};

/** Whether I am a member of a queue (the default queue without members has everyone). */
function inQueue(state: State, queueId: number | undefined): boolean {
  if (queueId === undefined || state.me === null) return false;
  const q = state.directory.queues.find((x) => x.id === queueId);
  return q !== undefined && (q.allTechnicians || q.members.some((m) => m.id === state.me?.id));
}

function onEvent(state: State, e: ServerEvent): State {
  const me = state.me?.id;
  switch (e.kind) {
    case 'chat':
      return upsertChat(state, e.chat);
    case 'offered': {
      let next = upsertChat(state, e.chat);
      if (e.technicianId === me && e.chat.state === 'offered') {
        const inv: Invitation = {
          chatId: e.chat.id,
          kind: 'offer',
          expiresAt: e.expiresAt,
          at: e.at,
          from: null,
          note: null,
        };
        next = { ...next, invitations: setIn(next.invitations, inv.chatId, inv) };
      }
      return next;
    }
    case 'message':
      return addMessage(state, e.message);
    case 'transfer': {
      const next = e.chat ? upsertChat(state, e.chat) : state;
      const t = e.transfer;
      if (!t) return next;
      if (t.state === 'pending' && t.from.id !== me && (t.toTechnician?.id === me || inQueue(state, t.toQueue?.id))) {
        const inv: Invitation = {
          chatId: e.chatId,
          kind: 'transfer',
          expiresAt: ms(t.expiresAt),
          at: ms(t.createdAt),
          from: t.from.name,
          note: t.note,
        };
        return { ...next, invitations: setIn(next.invitations, e.chatId, inv) };
      }
      if (t.state !== 'pending' && next.invitations.get(e.chatId)?.kind === 'transfer') {
        return { ...next, invitations: deleteIn(next.invitations, e.chatId) };
      }
      return next;
    }
    case 'conference': {
      let next = upsertChat(state, e.chat);
      const invited = e.chat.participants.some((p) => p.technician.id === me && p.state === 'invited');
      if (invited && !next.invitations.has(e.chat.id)) {
        const inv: Invitation = {
          chatId: e.chat.id,
          kind: 'conference',
          expiresAt: e.expiresAt,
          at: e.at,
          from: e.chat.owner?.name ?? null,
          note: null,
        };
        next = { ...next, invitations: setIn(next.invitations, inv.chatId, inv) };
      }
      return next;
    }
    case 'busy': {
      // The request is back in its queue with nobody to offer it to.
      const chat = state.chats.get(e.chatId);
      if (!chat || chat.state !== 'offered' || chat.initiatedBy !== 'customer') return state;
      const back: Chat = { ...chat, state: 'requested', offeredTo: null };
      return { ...state, chats: setIn(state.chats, chat.id, back), invitations: deleteIn(state.invitations, chat.id) };
    }
    case 'notice': {
      // Notices are addressed to one technician: show mine (by the addressee when the event names
      // it; else a RONA notice while I am in RONA, or a notice about a chat I am in).
      const chat = state.chats.get(e.chatId);
      const concerned =
        e.technicianId !== null
          ? e.technicianId === me
          : e.notice === 'rona'
            ? state.presence?.state === 'rona'
            : state.tabs.includes(e.chatId) || (chat !== undefined && isMine(chat, me));
      return concerned ? addNotice(state, e.chatId, e.text) : state;
    }
    case 'chat-ticket': {
      const chat = state.chats.get(e.chatId);
      if (!chat) return state;
      return { ...state, chats: setIn(state.chats, chat.id, { ...chat, ticketId: e.ticketId }) };
    }
    case 'presence': {
      const team = setIn(state.directory.team, e.presence.technician.id, e.presence);
      state = { ...state, directory: { ...state.directory, team } };
      if (e.presence.technician.id !== me) return state;
      if (e.presence.state === 'available') return { ...state, presence: e.presence };
      // Away, Offline or RONA: the server has withdrawn the offers made to me.
      let invitations = state.invitations;
      for (const inv of state.invitations.values()) {
        if (inv.kind === 'offer') invitations = deleteIn(invitations, inv.chatId);
      }
      return { ...state, presence: e.presence, invitations };
    }
    case 'timer':
      return e.technicianId === me ? { ...state, timer: e.timer, timerAt: state.now } : state;
    case 'ticket':
      return upsertTicket(state, e.ticket);
    case 'rated':
    case 'notification':
      return state;
  }
}

export const serverEvents: Handlers<EventAction> = {
  event: (state, action) => dashboardEvent(onEvent(state, action.event), action.event, action.seq, action.at),
};
