/**
 * The queue and chats slice: chats known (requests, offers, mine), invitations waiting for my
 * answer, transcripts, chat tabs, unread marks, scroll and notices, and the queue selection.
 */
import type { Chat, ChatDetail, ChatMessage } from '../../core/chat.js';
import { handedOver, isMine, queueIndex, queueRows } from '../select.js';
import type { Invitation, QueueFilter, QueueSort, State, Transcript } from '../state.js';
import { addTo, deleteIn, moveIndex, ms, removeFrom, setIn, type Handlers, type Move } from './slice.js';

export type ChatAction =
  | {
      readonly type: 'chats.loaded';
      /** Requests waiting in queues and chats offered to me. */
      readonly requests: readonly Chat[];
      /** Chats I am in. */
      readonly mine: readonly Chat[];
      readonly invitations: readonly Invitation[];
    }
  | { readonly type: 'chat.upsert'; readonly chat: Chat }
  /** Chats a queue filter loaded (active, completed…): known from now on, kept current by events. */
  | { readonly type: 'chats.listed'; readonly chats: readonly Chat[] }
  | { readonly type: 'queue.filter'; readonly filter: QueueFilter }
  | { readonly type: 'queue.sort'; readonly sort: QueueSort }
  | { readonly type: 'invitation.remove'; readonly chatId: number }
  | { readonly type: 'transcript.loaded'; readonly detail: ChatDetail }
  | { readonly type: 'message.sent'; readonly message: ChatMessage }
  | { readonly type: 'queue.move'; readonly move: Move }
  | { readonly type: 'chat.open'; readonly chatId: number; readonly compose: boolean }
  | { readonly type: 'chat.switch'; readonly delta: number }
  | { readonly type: 'chat.close'; readonly chatId: number }
  | { readonly type: 'chat.scroll'; readonly delta: number | 'end' };

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

/** Stores a newer version of a chat; a chat of mine that is active gets a tab. */
export function upsertChat(state: State, chat: Chat): State {
  const prev = state.chats.get(chat.id);
  if (!newer(chat, prev)) return state;
  let next: State = { ...state, chats: setIn(state.chats, chat.id, chat) };
  next = { ...next, invitations: reconcileInvitation(next, chat) };
  if (isMine(chat, state.me?.id) && chat.state === 'active') next = { ...next, ...withTab(next, chat.id) };
  // A chat handed over (transferred away, or I was taken off it) is read-only: leave its composer.
  if (next.composerFocused && next.activeTab === chat.id && handedOver(chat, state.me?.id)) {
    next = { ...next, composerFocused: false };
  }
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

/** Adds a message to its transcript; marks the chat unread unless I am looking at it or wrote it. */
export function addMessage(state: State, message: ChatMessage): State {
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

/** Keeps the last 20 notices of a chat. */
export function addNotice(state: State, chatId: number, text: string): State {
  const list = state.notices.get(chatId) ?? [];
  return { ...state, notices: setIn(state.notices, chatId, [...list.slice(-19), text]) };
}

export const chats: Handlers<ChatAction> = {
  'chats.loaded': (state, action) => {
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
  },
  'chat.upsert': (state, action) => upsertChat(state, action.chat),
  'chats.listed': (state, action) => action.chats.reduce(upsertChat, state),
  'queue.filter': (state, action) => ({ ...state, queueFilter: action.filter, queueSelected: null }),
  'queue.sort': (state, action) => ({ ...state, queueSort: action.sort }),
  'invitation.remove': (state, action) => ({ ...state, invitations: deleteIn(state.invitations, action.chatId) }),
  'transcript.loaded': (state, action) => {
    const { messages, seq: _seq, origin: _o, wrapup: _w, endedBy: _e, transfer: _t, ...chat } = action.detail;
    const next = upsertChat(state, chat);
    return {
      ...next,
      transcripts: setIn(next.transcripts, chat.id, mergeMessages(next.transcripts.get(chat.id), messages, true)),
    };
  },
  'message.sent': (state, action) => addMessage(state, action.message),
  'queue.move': (state, action) => {
    const rows = queueRows(state);
    const i = moveIndex(queueIndex(state), rows.length, action.move);
    return { ...state, queueSelected: rows[i]?.chat.id ?? null };
  },
  'chat.open': (state, action) => {
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
  },
  'chat.switch': (state, action) => {
    if (state.tabs.length === 0) return state;
    const i = state.activeTab === null ? 0 : state.tabs.indexOf(state.activeTab);
    const next = state.tabs[(i + action.delta + state.tabs.length) % state.tabs.length]!;
    return { ...state, activeTab: next, composerRefused: null, unread: removeFrom(state.unread, next) };
  },
  'chat.close': (state, action) => {
    const i = state.tabs.indexOf(action.chatId);
    if (i < 0) return state;
    const tabs = state.tabs.filter((id) => id !== action.chatId);
    const activeTab =
      state.activeTab === action.chatId ? (tabs[Math.min(i, tabs.length - 1)] ?? null) : state.activeTab;
    return { ...state, tabs, activeTab, drafts: deleteIn(state.drafts, action.chatId), composerFocused: false };
  },
  'chat.scroll': (state, action) => {
    const id = state.activeTab;
    if (id === null) return state;
    const cur = state.scroll.get(id) ?? 0;
    const next = action.delta === 'end' ? 0 : Math.max(0, cur - action.delta);
    return next === cur ? state : { ...state, scroll: setIn(state.scroll, id, next) };
  },
};
