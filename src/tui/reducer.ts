/**
 * The one place the TUI's state changes: a pure function from (state, action) to state. Actions are
 * server events from the stream, snapshots loaded over REST, and what the technician does. Events
 * are upserts keyed by id, so replaying one the snapshot already holds changes nothing for long.
 */
import type { Chat, ChatDetail, ChatMessage, Presence } from '../core/chat.js';
import type { Ticket } from '../core/schemas.js';
import type { TicketDetail } from '../core/ticket-detail.js';
import type { Timer } from '../core/time.js';
import * as edit from './editor.js';
import { COMPOSER_RULES, EMPTY, type Editor } from './editor.js';
import { isMine, queueIndex, queueRows, ticketIndex } from './select.js';
import {
  PANES,
  type AssigneeFilter,
  type Connection,
  type Directory,
  type Flash,
  type Invitation,
  type Me,
  type Modal,
  type Pane,
  type ServerEvent,
  type State,
  type StatusFilter,
  type TicketList,
  type Transcript,
} from './state.js';

export type EditOp =
  | { readonly op: 'insert'; readonly text: string }
  | { readonly op: 'backspace' | 'left' | 'right' | 'home' | 'end' | 'clear' };

export type Move = { readonly delta: number } | { readonly to: 'top' | 'bottom' };

export type Action =
  | { readonly type: 'me'; readonly me: Me }
  | { readonly type: 'connection'; readonly connection: Connection }
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'skew'; readonly skew: number }
  | { readonly type: 'presence'; readonly presence: Presence }
  | { readonly type: 'timer'; readonly timer: Timer | null; readonly at: number }
  | { readonly type: 'mentions'; readonly count: number | null }
  | {
      readonly type: 'chats.loaded';
      /** Requests waiting in queues and chats offered to me. */
      readonly requests: readonly Chat[];
      /** Chats I am in. */
      readonly mine: readonly Chat[];
      readonly invitations: readonly Invitation[];
    }
  | { readonly type: 'chat.upsert'; readonly chat: Chat }
  | { readonly type: 'invitation.remove'; readonly chatId: number }
  | { readonly type: 'transcript.loaded'; readonly detail: ChatDetail }
  | { readonly type: 'message.sent'; readonly message: ChatMessage }
  | { readonly type: 'tickets.loading'; readonly append: boolean }
  | {
      readonly type: 'tickets.loaded';
      readonly items: readonly Ticket[];
      readonly nextCursor: string | null;
      readonly append: boolean;
    }
  | { readonly type: 'tickets.failed' }
  | { readonly type: 'tickets.filter'; readonly assignee?: AssigneeFilter; readonly status?: StatusFilter }
  | { readonly type: 'tickets.move'; readonly move: Move }
  | { readonly type: 'ticket.upsert'; readonly ticket: Ticket }
  | { readonly type: 'ticket.open'; readonly id: number }
  | { readonly type: 'ticket.loaded'; readonly detail: TicketDetail }
  | { readonly type: 'ticket.close' }
  | { readonly type: 'ticket.scroll'; readonly delta: number }
  | { readonly type: 'directory'; readonly directory: Partial<Directory> }
  | { readonly type: 'event'; readonly event: ServerEvent }
  | { readonly type: 'flash'; readonly text: string; readonly tone: Flash['tone'] }
  | { readonly type: 'flash.clear' }
  | { readonly type: 'focus'; readonly pane: Pane }
  | { readonly type: 'cyclePane'; readonly delta: number }
  | { readonly type: 'queue.move'; readonly move: Move }
  | { readonly type: 'chat.open'; readonly chatId: number; readonly compose: boolean }
  | { readonly type: 'chat.switch'; readonly delta: number }
  | { readonly type: 'chat.close'; readonly chatId: number }
  | { readonly type: 'chat.scroll'; readonly delta: number | 'end' }
  | { readonly type: 'composer.focus'; readonly focused: boolean }
  | { readonly type: 'composer.edit'; readonly edit: EditOp }
  | { readonly type: 'composer.sending'; readonly chatId: number; readonly sending: boolean }
  | { readonly type: 'composer.sent'; readonly chatId: number; readonly text: string }
  | { readonly type: 'modal'; readonly modal: Modal }
  | { readonly type: 'picker.move'; readonly move: Move }
  | { readonly type: 'prompt.edit'; readonly edit: EditOp }
  | { readonly type: 'help.scroll'; readonly delta: number };

// ---------- small immutable helpers

function setIn<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

function deleteIn<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

function addTo<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  if (set.has(value)) return set;
  return new Set(set).add(value);
}

function removeFrom<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  if (!set.has(value)) return set;
  const next = new Set(set);
  next.delete(value);
  return next;
}

const ms = (iso: string | null | undefined): number => {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function moveIndex(current: number, length: number, move: Move): number {
  if (length === 0) return 0;
  if ('to' in move) return move.to === 'top' ? 0 : length - 1;
  return clamp(current + move.delta, 0, length - 1);
}

// ---------- chats

/** Whether a chat is newer than (or as new as) another version of it. */
function newer(next: Chat, prev: Chat | undefined): boolean {
  return prev === undefined || ms(next.updatedAt) >= ms(prev.updatedAt);
}

/** Keeps the invitations in step with what a chat now says. */
function reconcileInvitation(state: State, chat: Chat): ReadonlyMap<number, Invitation> {
  const inv = state.invitations.get(chat.id);
  const me = state.me?.id;
  if (!inv || me === undefined) return state.invitations;
  let still = true;
  if (inv.kind === 'offer') still = chat.state === 'offered' && chat.offeredTo?.id === me && chat.owner?.id !== me;
  else if (inv.kind === 'transfer') still = chat.transferPending && chat.state === 'active';
  else still = chat.participants.some((p) => p.technician.id === me && p.state === 'invited');
  return still ? state.invitations : deleteIn(state.invitations, chat.id);
}

function withTab(state: State, chatId: number): Pick<State, 'tabs' | 'activeTab'> {
  if (state.tabs.includes(chatId)) return { tabs: state.tabs, activeTab: state.activeTab ?? chatId };
  return { tabs: [...state.tabs, chatId], activeTab: state.activeTab ?? chatId };
}

function upsertChat(state: State, chat: Chat): State {
  const prev = state.chats.get(chat.id);
  if (!newer(chat, prev)) return state;
  let next: State = { ...state, chats: setIn(state.chats, chat.id, chat) };
  next = { ...next, invitations: reconcileInvitation(next, chat) };
  if (isMine(chat, state.me?.id) && chat.state === 'active') next = { ...next, ...withTab(next, chat.id) };
  return next;
}

/** Whether messages (sorted by id) hold one with this id. */
function hasMessage(messages: readonly ChatMessage[], id: number): boolean {
  let lo = 0;
  let hi = messages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = messages[mid]!.id;
    if (at === id) return true;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Adds messages to a transcript (kept sorted by id), each once. */
function mergeMessages(t: Transcript | undefined, incoming: readonly ChatMessage[], loaded: boolean): Transcript {
  const prev = t?.messages ?? [];
  const seen = new Set<number>();
  const fresh = incoming.filter((m) => !hasMessage(prev, m.id) && !seen.has(m.id) && seen.add(m.id));
  if (t && fresh.length === 0) return loaded && !t.loaded ? { ...t, loaded } : t;
  const last = prev[prev.length - 1];
  const inOrder = fresh.every((m, i) => m.id > (i === 0 ? (last?.id ?? 0) : fresh[i - 1]!.id));
  const messages = inOrder ? prev.concat(fresh) : [...prev, ...fresh].sort((a, b) => a.id - b.id);
  return { messages, loaded: loaded || (t?.loaded ?? false) };
}

function addMessage(state: State, message: ChatMessage): State {
  const transcripts = setIn(
    state.transcripts,
    message.chatId,
    mergeMessages(state.transcripts.get(message.chatId), [message], false),
  );
  const looking = state.pane === 'chat' && state.activeTab === message.chatId;
  const fromMe = message.author.kind === 'technician' && message.author.id === state.me?.id;
  const unread =
    looking || fromMe || !state.tabs.includes(message.chatId) ? state.unread : addTo(state.unread, message.chatId);
  return { ...state, transcripts, unread };
}

function addNotice(state: State, chatId: number, text: string): State {
  const list = state.notices.get(chatId) ?? [];
  return { ...state, notices: setIn(state.notices, chatId, [...list.slice(-19), text]) };
}

// ---------- tickets

export function matchesFilter(t: Ticket, list: TicketList, meId: number | undefined): boolean {
  if (t.deletedAt || t.spam || (t.mergedInto !== undefined && t.mergedInto !== null)) return false;
  if (list.assignee === 'mine' && t.assignee?.id !== meId) return false;
  if (list.assignee === 'unassigned' && t.assignee !== null) return false;
  if (list.status === 'active') return t.status === 'open' || t.status === 'pending';
  if (list.status !== 'all') return t.status === list.status;
  return true;
}

function upsertTicket(state: State, ticket: Ticket): State {
  const list = state.tickets;
  const i = list.items.findIndex((t) => t.id === ticket.id);
  const matches = matchesFilter(ticket, list, state.me?.id);
  let items: readonly Ticket[] = list.items;
  if (i >= 0) {
    if (ms(ticket.updatedAt) < ms(list.items[i]!.updatedAt)) return state;
    // A ticket that no longer matches leaves the list, unless the technician has it selected.
    items =
      matches || list.selected === ticket.id
        ? list.items.map((t, j) => (j === i ? ticket : t))
        : list.items.filter((_, j) => j !== i);
  } else if (matches) {
    items = [ticket, ...list.items].sort((a, b) => ms(b.createdAt) - ms(a.createdAt) || b.id - a.id);
  } else {
    return state;
  }
  return { ...state, tickets: { ...list, items } };
}

// ---------- events

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
    case 'notification':
      return state;
  }
}

// ---------- the technician's actions

function withEdit(ed: Editor, op: EditOp, rules: edit.EditRules): edit.EditResult {
  switch (op.op) {
    case 'insert':
      return edit.insert(ed, op.text, rules);
    case 'backspace':
      return { editor: edit.backspace(ed) };
    case 'left':
      return { editor: edit.left(ed) };
    case 'right':
      return { editor: edit.right(ed) };
    case 'home':
      return { editor: edit.home(ed) };
    case 'end':
      return { editor: edit.end(ed) };
    case 'clear':
      return { editor: EMPTY };
  }
}

function cyclePane(state: State, delta: number): Pane {
  const i = PANES.indexOf(state.pane);
  return PANES[(i + delta + PANES.length) % PANES.length]!;
}

function focusPane(state: State, pane: Pane): State {
  const unread = pane === 'chat' && state.activeTab !== null ? removeFrom(state.unread, state.activeTab) : state.unread;
  return { ...state, pane, unread, composerFocused: pane === 'chat' ? state.composerFocused : false };
}

export function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'me':
      return { ...state, me: action.me };
    case 'connection':
      return state.connection === action.connection ? state : { ...state, connection: action.connection };
    case 'tick': {
      const flash = state.flash && action.now - state.flash.at > 8000 ? null : state.flash;
      return { ...state, now: action.now, flash };
    }
    case 'skew':
      return Math.abs(action.skew - state.skew) < 250 ? state : { ...state, skew: action.skew };
    case 'presence':
      return { ...state, presence: action.presence };
    case 'timer':
      return { ...state, timer: action.timer, timerAt: action.at };
    case 'mentions':
      return { ...state, mentions: action.count };
    case 'chats.loaded': {
      const chats = new Map<number, Chat>();
      // Chats of open tabs stay known even when the lists no longer hold them.
      for (const id of state.tabs) {
        const c = state.chats.get(id);
        if (c) chats.set(id, c);
      }
      for (const c of [...action.requests, ...action.mine]) {
        const prev = chats.get(c.id);
        if (newer(c, prev)) chats.set(c.id, c);
      }
      let next: State = {
        ...state,
        chats,
        invitations: new Map(action.invitations.map((i) => [i.chatId, i])),
      };
      for (const c of action.mine) if (c.state === 'active') next = { ...next, ...withTab(next, c.id) };
      return next;
    }
    case 'chat.upsert':
      return upsertChat(state, action.chat);
    case 'invitation.remove':
      return { ...state, invitations: deleteIn(state.invitations, action.chatId) };
    case 'transcript.loaded': {
      const { messages, seq: _seq, origin: _o, wrapup: _w, endedBy: _e, transfer: _t, ...chat } = action.detail;
      const next = upsertChat(state, chat);
      return {
        ...next,
        transcripts: setIn(next.transcripts, chat.id, mergeMessages(next.transcripts.get(chat.id), messages, true)),
      };
    }
    case 'message.sent':
      return addMessage(state, action.message);
    case 'tickets.loading':
      return { ...state, tickets: { ...state.tickets, loading: true } };
    case 'tickets.loaded': {
      const items = action.append
        ? [...state.tickets.items, ...action.items.filter((t) => !state.tickets.items.some((x) => x.id === t.id))]
        : action.items;
      return { ...state, tickets: { ...state.tickets, items, nextCursor: action.nextCursor, loading: false } };
    }
    case 'tickets.failed':
      return { ...state, tickets: { ...state.tickets, loading: false } };
    case 'tickets.filter':
      return {
        ...state,
        tickets: {
          ...state.tickets,
          assignee: action.assignee ?? state.tickets.assignee,
          status: action.status ?? state.tickets.status,
          items: [],
          nextCursor: null,
          selected: null,
          loading: true,
        },
      };
    case 'tickets.move': {
      const i = moveIndex(ticketIndex(state), state.tickets.items.length, action.move);
      return { ...state, tickets: { ...state.tickets, selected: state.tickets.items[i]?.id ?? null } };
    }
    case 'ticket.upsert':
      return upsertTicket(state, action.ticket);
    case 'ticket.open':
      return {
        ...state,
        pane: 'tickets',
        ticketView: {
          id: action.id,
          detail: state.ticketView?.id === action.id ? state.ticketView.detail : null,
          scroll: 0,
        },
      };
    case 'ticket.loaded': {
      const v = state.ticketView;
      const next = upsertTicket(state, action.detail);
      if (!v || v.id !== action.detail.id) return next;
      return { ...next, ticketView: { ...v, detail: action.detail } };
    }
    case 'ticket.close':
      return { ...state, ticketView: null };
    case 'ticket.scroll': {
      const v = state.ticketView;
      if (!v) return state;
      return { ...state, ticketView: { ...v, scroll: Math.max(0, v.scroll + action.delta) } };
    }
    case 'directory':
      return { ...state, directory: { ...state.directory, ...action.directory } };
    case 'event':
      return onEvent(state, action.event);
    case 'flash':
      return { ...state, flash: { text: action.text, tone: action.tone, at: state.now } };
    case 'flash.clear':
      return state.flash ? { ...state, flash: null } : state;
    case 'focus':
      return focusPane(state, action.pane);
    case 'cyclePane':
      return focusPane(state, cyclePane(state, action.delta));
    case 'queue.move': {
      const rows = queueRows(state);
      const i = moveIndex(queueIndex(state), rows.length, action.move);
      return { ...state, queueSelected: rows[i]?.chat.id ?? null };
    }
    case 'chat.open': {
      const tabs = state.tabs.includes(action.chatId) ? state.tabs : [...state.tabs, action.chatId];
      return {
        ...state,
        tabs,
        activeTab: action.chatId,
        pane: 'chat',
        composerFocused: action.compose,
        composerRefused: null,
        unread: removeFrom(state.unread, action.chatId),
        invitations: deleteIn(state.invitations, action.chatId),
      };
    }
    case 'chat.switch': {
      if (state.tabs.length === 0) return state;
      const i = state.activeTab === null ? 0 : state.tabs.indexOf(state.activeTab);
      const next = state.tabs[(i + action.delta + state.tabs.length) % state.tabs.length]!;
      return { ...state, activeTab: next, composerRefused: null, unread: removeFrom(state.unread, next) };
    }
    case 'chat.close': {
      const i = state.tabs.indexOf(action.chatId);
      if (i < 0) return state;
      const tabs = state.tabs.filter((id) => id !== action.chatId);
      const activeTab =
        state.activeTab === action.chatId ? (tabs[Math.min(i, tabs.length - 1)] ?? null) : state.activeTab;
      return { ...state, tabs, activeTab, drafts: deleteIn(state.drafts, action.chatId), composerFocused: false };
    }
    case 'chat.scroll': {
      const id = state.activeTab;
      if (id === null) return state;
      const cur = state.scroll.get(id) ?? 0;
      const next = action.delta === 'end' ? 0 : Math.max(0, cur - action.delta);
      return next === cur ? state : { ...state, scroll: setIn(state.scroll, id, next) };
    }
    case 'composer.focus':
      return { ...state, composerFocused: action.focused && state.activeTab !== null, composerRefused: null };
    case 'composer.edit': {
      const id = state.activeTab;
      if (id === null) return state;
      const res = withEdit(state.drafts.get(id) ?? EMPTY, action.edit, COMPOSER_RULES);
      return { ...state, drafts: setIn(state.drafts, id, res.editor), composerRefused: res.refused ?? null };
    }
    case 'composer.sending':
      return {
        ...state,
        sending: action.sending ? addTo(state.sending, action.chatId) : removeFrom(state.sending, action.chatId),
      };
    case 'composer.sent': {
      // Clear the draft only if it still holds what was sent (typing may have gone on meanwhile).
      const d = state.drafts.get(action.chatId);
      const drafts = d && d.text === action.text ? deleteIn(state.drafts, action.chatId) : state.drafts;
      return { ...state, drafts, scroll: deleteIn(state.scroll, action.chatId) };
    }
    case 'modal':
      return { ...state, modal: action.modal };
    case 'picker.move': {
      const m = state.modal;
      if (m.kind !== 'picker') return state;
      return { ...state, modal: { ...m, selected: moveIndex(m.selected, m.options.length, action.move) } };
    }
    case 'prompt.edit': {
      const m = state.modal;
      if (m.kind !== 'prompt') return state;
      const res = withEdit(m.editor, action.edit, { max: m.max, multiline: m.multiline });
      return { ...state, modal: { ...m, editor: res.editor, refused: res.refused ?? null } };
    }
    case 'help.scroll': {
      const m = state.modal;
      if (m.kind !== 'help') return state;
      return { ...state, modal: { ...m, scroll: Math.max(0, m.scroll + action.delta) } };
    }
  }
}
