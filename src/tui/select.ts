/**
 * Derived views of the state, memoised on the slices they read so that a render that did not change
 * them costs nothing: the queue's rows, the open drafts, the clock as the server sees it. Pure.
 */
import type { Chat } from '../core/chat.js';
import type { Invitation, State } from './state.js';

export interface QueueRow {
  readonly chat: Chat;
  /** Mine to answer (an offer, transfer or conference invitation), or null for a waiting request. */
  readonly invitation: Invitation | null;
}

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

function memo<A extends object, B extends object, R>(fn: (a: A, b: B) => R): (a: A, b: B) => R {
  let lastA: A | undefined;
  let lastB: B | undefined;
  let last: R | undefined;
  return (a, b) => {
    if (a !== lastA || b !== lastB || last === undefined) {
      lastA = a;
      lastB = b;
      last = fn(a, b);
    }
    return last;
  };
}

const buildQueue = memo((chats: ReadonlyMap<number, Chat>, invitations: ReadonlyMap<number, Invitation>) => {
  const mine: QueueRow[] = [];
  for (const inv of invitations.values()) {
    const chat = chats.get(inv.chatId);
    if (chat) mine.push({ chat, invitation: inv });
  }
  mine.sort((x, y) => (y.invitation?.at ?? 0) - (x.invitation?.at ?? 0) || y.chat.id - x.chat.id);
  const waiting: QueueRow[] = [];
  for (const chat of chats.values()) {
    if (chat.state === 'requested' && !invitations.has(chat.id)) waiting.push({ chat, invitation: null });
  }
  waiting.sort((x, y) => ms(x.chat.requestedAt) - ms(y.chat.requestedAt) || x.chat.id - y.chat.id);
  return mine.concat(waiting);
});

/** The queue pane's rows: what waits for my answer (newest first), then requests waiting in queues (oldest first). */
export function queueRows(state: State): readonly QueueRow[] {
  return buildQueue(state.chats, state.invitations);
}

/** Index of the selected queue row (the newest offer when nothing was chosen yet). */
export function queueIndex(state: State): number {
  const rows = queueRows(state);
  if (rows.length === 0) return 0;
  const i = state.queueSelected === null ? -1 : rows.findIndex((r) => r.chat.id === state.queueSelected);
  return i >= 0 ? i : 0;
}

export function selectedQueueRow(state: State): QueueRow | undefined {
  return queueRows(state)[queueIndex(state)];
}

/** The server's clock now, from the local clock and the measured skew. */
export function serverNow(state: State): number {
  return state.now + state.skew;
}

/** Chats with a non-empty draft. */
export function draftCount(state: State): number {
  let n = 0;
  for (const d of state.drafts.values()) if (d.text.trim().length > 0) n++;
  return n;
}

export function ticketIndex(state: State): number {
  const { items, selected } = state.tickets;
  if (items.length === 0) return 0;
  const i = selected === null ? -1 : items.findIndex((t) => t.id === selected);
  return i >= 0 ? i : 0;
}

/** Whether I am in a chat: its owner or an active conference member. */
export function isMine(chat: Chat, meId: number | undefined): boolean {
  if (meId === undefined) return false;
  if (chat.owner?.id === meId) return true;
  return chat.participants.some((p) => p.technician.id === meId && p.state === 'active');
}
