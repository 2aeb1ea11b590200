/**
 * The dashboard slice: the snapshot from `GET /v1/dashboard`, then every event after its `seq`
 * applied to it — chats waiting and in progress, technicians' availability, SLA deadlines, and
 * today's counters — so the pane is live without asking the server again.
 */
import type { Chat } from '../../core/chat.js';
import type { Dashboard, SlaDue } from '../../core/dashboard.js';
import type { Ticket } from '../../core/schemas.js';
import type { DashboardState, DashboardToday, ServerEvent, State } from '../state.js';
import { deleteIn, ms, setIn, type Handlers } from './slice.js';

export type DashboardAction = { readonly type: 'dashboard.loaded'; readonly dashboard: Dashboard };

/** Whether a chat shows on the dashboard: a customer waiting, or a chat in progress. */
function isLive(c: Chat): boolean {
  return c.state === 'requested' || c.state === 'active' || (c.state === 'offered' && c.initiatedBy === 'customer');
}

const ZERO: DashboardToday = { created: 0, resolved: 0, chats: 0, rona: 0, ratings: new Map() };

function fromSnapshot(d: Dashboard): DashboardState {
  return {
    seq: d.seq,
    dayStart: ms(d.dayStart),
    dayEnd: ms(d.dayEnd),
    chats: new Map(d.chats.filter(isLive).map((c) => [c.id, c])),
    technicians: new Map(
      d.technicians.map((t) => [
        t.technician.id,
        { id: t.technician.id, name: t.technician.name, state: t.state, maxChats: t.maxChats },
      ]),
    ),
    slaDue: new Map(d.slaDue.map((x) => [x.ticket.id, x])),
    today: {
      created: d.today.created,
      resolved: d.today.resolved,
      chats: d.today.chats,
      rona: d.today.rona,
      ratings: new Map(d.today.ratings.map((r) => [r.ticketId, r.rating])),
    },
  };
}

/** The nearest deadline of a ticket's running SLA clock, if one is still to be met. */
function slaDueOf(t: Ticket): SlaDue | undefined {
  if (!t.sla || t.sla.clock !== 'running' || t.deletedAt || t.spam || (t.mergedInto ?? null) !== null) return undefined;
  let best: SlaDue | undefined;
  for (const target of ['response', 'resolution'] as const) {
    const v = t.sla[target];
    if (!v || v.status !== 'running') continue;
    if (best && ms(best.dueAt) <= ms(v.dueAt)) continue;
    best = {
      ticket: { id: t.id, title: t.title },
      company: t.company,
      priority: t.priority,
      target,
      dueAt: v.dueAt,
    };
  }
  return best;
}

function upsertChat(d: DashboardState, c: Chat): DashboardState {
  const chats = isLive(c) ? setIn(d.chats, c.id, c) : deleteIn(d.chats, c.id);
  return chats === d.chats ? d : { ...d, chats };
}

function count(d: DashboardState, key: 'created' | 'resolved' | 'chats' | 'rona'): DashboardState {
  return { ...d, today: { ...d.today, [key]: d.today[key] + 1 } };
}

/** A day has passed since the snapshot: the counters start again from zero. */
function rollOver(d: DashboardState, at: number): DashboardState {
  if (at < d.dayEnd) return d;
  const length = d.dayEnd - d.dayStart;
  let { dayStart, dayEnd } = d;
  while (at >= dayEnd) [dayStart, dayEnd] = [dayEnd, dayEnd + length];
  return { ...d, dayStart, dayEnd, today: ZERO };
}

function apply(d: DashboardState, e: ServerEvent): DashboardState {
  switch (e.kind) {
    case 'chat': {
      const next = upsertChat(d, e.chat);
      return e.requested && e.chat.initiatedBy === 'customer' ? count(next, 'chats') : next;
    }
    case 'offered':
    case 'conference':
      return upsertChat(d, e.chat);
    case 'transfer':
      return e.chat ? upsertChat(d, e.chat) : d;
    case 'busy': {
      const c = d.chats.get(e.chatId);
      return c ? upsertChat(d, { ...c, state: 'requested', offeredTo: null }) : d;
    }
    case 'notice':
      return e.notice === 'rona' ? count(d, 'rona') : d;
    case 'presence': {
      const p = e.presence;
      const tech = { id: p.technician.id, name: p.technician.name, state: p.state, maxChats: p.maxChats };
      return { ...d, technicians: setIn(d.technicians, tech.id, tech) };
    }
    case 'ticket': {
      let next = d;
      if (e.change === 'created') next = count(next, 'created');
      if (e.change === 'resolved') next = count(next, 'resolved');
      const due = slaDueOf(e.ticket);
      const slaDue = due ? setIn(next.slaDue, e.ticket.id, due) : deleteIn(next.slaDue, e.ticket.id);
      return slaDue === next.slaDue ? next : { ...next, slaDue };
    }
    case 'rated':
      return { ...d, today: { ...d.today, ratings: setIn(d.today.ratings, e.ticketId, e.rating) } };
    case 'message':
    case 'chat-ticket':
    case 'timer':
    case 'notification':
      return d;
  }
}

/**
 * Applies an event to the dashboard, unless the snapshot already holds it (its `seq` is not after
 * the snapshot's). `at` is the event's server time, which rolls the counters over at midnight.
 */
export function dashboardEvent(state: State, e: ServerEvent, seq?: number, at?: number): State {
  const d = state.dashboard;
  if (!d || (seq !== undefined && seq <= d.seq)) return state;
  const next = apply(at === undefined ? d : rollOver(d, at), e);
  return next === d ? state : { ...state, dashboard: next };
}

export const dashboard: Handlers<DashboardAction> = {
  'dashboard.loaded': (state, action) => ({ ...state, dashboard: fromSnapshot(action.dashboard) }),
};
