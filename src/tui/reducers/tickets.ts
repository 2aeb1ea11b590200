/**
 * The tickets slice: the list under its filters (paged, kept in step with ticket events) and the
 * open ticket's detail and scroll.
 */
import type { Comment, Ticket } from '../../core/schemas.js';
import type { TicketDetail } from '../../core/ticket-detail.js';
import { ticketIndex } from '../select.js';
import type { AssigneeFilter, State, StatusFilter, TicketList } from '../state.js';
import { moveIndex, ms, type Handlers, type Move } from './slice.js';

export type TicketAction =
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
  /** My comment as the server answered it: the ticket's new fields, and the comment in the open view. */
  | { readonly type: 'ticket.commented'; readonly ticket: Ticket; readonly comment: Comment }
  | { readonly type: 'ticket.close' }
  | { readonly type: 'ticket.scroll'; readonly delta: number };

/** Whether a ticket belongs in the list under its filters. */
function matchesFilter(t: Ticket, list: TicketList, meId: number | undefined): boolean {
  if (t.deletedAt || t.spam || (t.mergedInto !== undefined && t.mergedInto !== null)) return false;
  if (list.assignee === 'mine' && t.assignee?.id !== meId) return false;
  if (list.assignee === 'unassigned' && t.assignee !== null) return false;
  if (list.status === 'active') return t.status === 'open' || t.status === 'pending';
  if (list.status !== 'all') return t.status === list.status;
  return true;
}

/** Puts a newer version of a ticket in the list, adds a new one that matches, drops one that no longer does. */
export function upsertTicket(state: State, ticket: Ticket): State {
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

export const tickets: Handlers<TicketAction> = {
  'tickets.loading': (state) => ({ ...state, tickets: { ...state.tickets, loading: true } }),
  'tickets.loaded': (state, action) => {
    const items = action.append
      ? [...state.tickets.items, ...action.items.filter((t) => !state.tickets.items.some((x) => x.id === t.id))]
      : action.items;
    return { ...state, tickets: { ...state.tickets, items, nextCursor: action.nextCursor, loading: false } };
  },
  'tickets.failed': (state) => ({ ...state, tickets: { ...state.tickets, loading: false } }),
  'tickets.filter': (state, action) => ({
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
  }),
  'tickets.move': (state, action) => {
    const i = moveIndex(ticketIndex(state), state.tickets.items.length, action.move);
    return { ...state, tickets: { ...state.tickets, selected: state.tickets.items[i]?.id ?? null } };
  },
  'ticket.upsert': (state, action) => upsertTicket(state, action.ticket),
  'ticket.open': (state, action) => ({
    ...state,
    pane: 'tickets',
    ticketView: {
      id: action.id,
      detail: state.ticketView?.id === action.id ? state.ticketView.detail : null,
      scroll: 0,
    },
  }),
  'ticket.loaded': (state, action) => {
    const v = state.ticketView;
    const next = upsertTicket(state, action.detail);
    if (!v || v.id !== action.detail.id) return next;
    return { ...next, ticketView: { ...v, detail: action.detail } };
  },
  'ticket.commented': (state, action) => {
    const next = upsertTicket(state, action.ticket);
    const v = next.ticketView;
    if (!v?.detail || v.id !== action.ticket.id) return next;
    const d = v.detail;
    // A reload that already brought the comment keeps it once; a newer ticket keeps its fields.
    const comments = d.comments.some((c) => c.id === action.comment.id) ? d.comments : [...d.comments, action.comment];
    const fields = ms(action.ticket.updatedAt) < ms(d.updatedAt) ? {} : action.ticket;
    const total =
      d.commentsTotal === undefined ? {} : { commentsTotal: d.commentsTotal + comments.length - d.comments.length };
    return { ...next, ticketView: { ...v, detail: { ...d, ...fields, ...total, comments } } };
  },
  'ticket.close': (state) => ({ ...state, ticketView: null }),
  'ticket.scroll': (state, action) => {
    const v = state.ticketView;
    if (!v) return state;
    return { ...state, ticketView: { ...v, scroll: Math.max(0, v.scroll + action.delta) } };
  },
};
