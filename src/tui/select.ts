/**
 * Derived views of the state, memoised on the slices they read so that a render that did not change
 * them costs nothing: the queue's rows, the open drafts, the clock as the server sees it. Pure.
 */
import type { Chat, Queue } from '../core/chat.js';
import { firstKey } from './keys.js';
import type { Invitation, Modal, Option, QueueFilter, QueueSort, State } from './state.js';

export interface QueueRow {
  readonly chat: Chat;
  /** Mine to answer (an offer, transfer or conference invitation), or null for a waiting request. */
  readonly invitation: Invitation | null;
  /** A chat I started, waiting for the customer to accept my invitation. */
  readonly pending: boolean;
}

const ms = (iso: string | null): number => {
  const t = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

function memo<A extends object, B extends object, C, R>(fn: (a: A, b: B, c: C) => R): (a: A, b: B, c: C) => R {
  let lastA: A | undefined;
  let lastB: B | undefined;
  let lastC: C | undefined;
  let last: R | undefined;
  return (a, b, c) => {
    if (a !== lastA || b !== lastB || c !== lastC || last === undefined) {
      lastA = a;
      lastB = b;
      lastC = c;
      last = fn(a, b, c);
    }
    return last;
  };
}

const CLOSED: ReadonlySet<Chat['state']> = new Set(['ended', 'declined', 'expired']);

/** A chat I started that waits for its customer to accept. */
export function isPendingInvite(chat: Chat, me: number | undefined): boolean {
  return chat.state === 'offered' && chat.initiatedBy === 'technician' && me !== undefined && chat.owner?.id === me;
}

/** Whether a chat belongs in the queue pane under a filter (besides what waits for my answer). */
function listed(chat: Chat, filter: QueueFilter, me: number | undefined): boolean {
  const isNew = chat.state === 'requested' || isPendingInvite(chat, me);
  switch (filter) {
    case 'new':
      return isNew;
    case 'active':
      return chat.state === 'active';
    case 'completed':
      return CLOSED.has(chat.state);
    case 'all':
      return isNew || chat.state === 'active' || CLOSED.has(chat.state);
  }
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });

/** Longest waiting first; or by customer, or by company then customer. */
function compareRows(sort: QueueSort): (x: QueueRow, y: QueueRow) => number {
  return (x, y) => {
    const a = x.chat;
    const b = y.chat;
    if (sort === 'customer') return byName(a.contact.name, b.contact.name) || a.id - b.id;
    if (sort === 'company') {
      return byName(a.company.name, b.company.name) || byName(a.contact.name, b.contact.name) || a.id - b.id;
    }
    return ms(a.requestedAt) - ms(b.requestedAt) || a.id - b.id;
  };
}

const buildQueue = memo(
  (
    chats: ReadonlyMap<number, Chat>,
    invitations: ReadonlyMap<number, Invitation>,
    view: `${QueueFilter}:${QueueSort}:${number | ''}`,
  ) => {
    const [filter, sort, meText] = view.split(':') as [QueueFilter, QueueSort, string];
    const me = meText === '' ? undefined : Number(meText);
    const mine: QueueRow[] = [];
    for (const inv of invitations.values()) {
      const chat = chats.get(inv.chatId);
      if (chat) mine.push({ chat, invitation: inv, pending: false });
    }
    mine.sort((x, y) => (y.invitation?.at ?? 0) - (x.invitation?.at ?? 0) || y.chat.id - x.chat.id);
    const rest: QueueRow[] = [];
    for (const chat of chats.values()) {
      if (!invitations.has(chat.id) && listed(chat, filter, me)) {
        rest.push({ chat, invitation: null, pending: isPendingInvite(chat, me) });
      }
    }
    rest.sort(compareRows(sort));
    return mine.concat(rest);
  },
);

/**
 * The queue pane's rows: what waits for my answer (newest first), then the chats the filter lists
 * (new by default: requests waiting in queues and my invitations waiting for their customer), in the
 * chosen order (longest waiting first by default).
 */
export function queueRows(state: State): readonly QueueRow[] {
  return buildQueue(state.chats, state.invitations, `${state.queueFilter}:${state.queueSort}:${state.me?.id ?? ''}`);
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

/**
 * Whether a chat I had open was handed over: transferred to someone else, or I was taken off it,
 * while it goes on without me. Returns who has it now (or null when nobody is named).
 */
export function handedOver(chat: Chat, meId: number | undefined): { to: string | null } | undefined {
  if (meId === undefined || chat.state !== 'active' || isMine(chat, meId)) return undefined;
  return { to: chat.owner?.name ?? null };
}

/** What a handed-over chat's tab says. */
export function handedOverText(chatId: number, to: string | null): string {
  return `Chat ${chatId} was handed over${to ? ` to ${to}` : ''}: it is read-only here; ${firstKey('closeTab')} closes the tab.`;
}

/** The options a picker shows: all, or those whose label or hint holds what was typed. */
export function pickerOptions(m: Extract<Modal, { kind: 'picker' }>): readonly Option[] {
  const f = (m.filter ?? '').trim().toLowerCase();
  if (f === '') return m.options;
  return m.options.filter((o) => `${o.label} ${o.hint ?? ''}`.toLowerCase().includes(f));
}

/**
 * When a conference invitation made at `at` lapses: the chat's queue's offer timeout after it (the
 * server's rule), or null when the queue is not known.
 */
export function conferenceExpiry(queues: readonly Queue[], chat: Chat, at: number): number | null {
  const q = chat.queue ? queues.find((x) => x.id === chat.queue?.id) : undefined;
  return q && at > 0 ? at + q.offerTimeoutMs : null;
}
