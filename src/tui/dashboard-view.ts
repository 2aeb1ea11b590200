/**
 * What the Dashboard pane shows, derived from the dashboard slice at a server time: customers
 * waiting and the longest wait, technicians by availability with their chats, chats per queue, the
 * SLA deadlines of the next hour and today's counters. Pure, so it is tested without rendering.
 */
import type { PresenceState, Queue } from '../core/chat.js';
import type { SlaDue } from '../core/dashboard.js';
import { SLA_SOON_MS } from '../core/sla.js';
import { ms } from './reducers/slice.js';
import type { DashboardState, DashboardTechnician } from './state.js';

export interface TechnicianRow extends DashboardTechnician {
  /** Chats in progress they own, among those the viewer may see. */
  readonly activeChats: number;
}

export interface QueueRow {
  readonly name: string;
  readonly waiting: number;
  readonly active: number;
}

export interface DashboardView {
  readonly waiting: number;
  /** How long the customer waiting longest has waited, ms; null when nobody waits. */
  readonly longestWaitMs: number | null;
  readonly active: number;
  readonly technicians: readonly TechnicianRow[];
  /** Technicians per availability. */
  readonly states: Readonly<Record<PresenceState, number>>;
  readonly queues: readonly QueueRow[];
  /** Deadlines within the next hour (or already due, until the breach is announced), soonest first. */
  readonly slaSoon: readonly SlaDue[];
  readonly today: {
    readonly created: number;
    readonly resolved: number;
    readonly chats: number;
    readonly rona: number;
    readonly ratings: number;
    /** Average of today's ratings; null without any. */
    readonly averageRating: number | null;
  };
}

/** Who needs attention first: RONA, then Available, Away, Offline. */
const STATE_ORDER: Record<PresenceState, number> = { rona: 0, available: 1, away: 2, offline: 3 };

export function dashboardView(d: DashboardState, now: number, queues: readonly Queue[] = []): DashboardView {
  let waiting = 0;
  let active = 0;
  let oldest: number | null = null;
  const owned = new Map<number, number>();
  const byQueue = new Map<string, { waiting: number; active: number }>();
  for (const q of queues) byQueue.set(q.name, { waiting: 0, active: 0 });
  for (const c of d.chats.values()) {
    const name = c.queue?.name ?? '-';
    const q = byQueue.get(name) ?? { waiting: 0, active: 0 };
    if (c.state === 'active') {
      active += 1;
      q.active += 1;
      if (c.owner) owned.set(c.owner.id, (owned.get(c.owner.id) ?? 0) + 1);
    } else {
      waiting += 1;
      q.waiting += 1;
      const at = ms(c.requestedAt);
      if (oldest === null || at < oldest) oldest = at;
    }
    byQueue.set(name, q);
  }
  const technicians = [...d.technicians.values()]
    .map((t) => ({ ...t, activeChats: owned.get(t.id) ?? 0 }))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name) || a.id - b.id);
  const states: Record<PresenceState, number> = { available: 0, away: 0, offline: 0, rona: 0 };
  for (const t of technicians) states[t.state] += 1;
  const slaSoon = [...d.slaDue.values()]
    .filter((x) => ms(x.dueAt) <= now + SLA_SOON_MS)
    .sort((a, b) => ms(a.dueAt) - ms(b.dueAt) || a.ticket.id - b.ticket.id);
  // Past midnight with no event since: today has nothing yet.
  const today = now >= d.dayEnd ? null : d.today;
  const ratings = today ? [...today.ratings.values()] : [];
  return {
    waiting,
    longestWaitMs: oldest === null ? null : Math.max(0, now - oldest),
    active,
    technicians,
    states,
    queues: [...byQueue].map(([name, q]) => ({ name, ...q })).sort((a, b) => a.name.localeCompare(b.name)),
    slaSoon,
    today: {
      created: today?.created ?? 0,
      resolved: today?.resolved ?? 0,
      chats: today?.chats ?? 0,
      rona: today?.rona ?? 0,
      ratings: ratings.length,
      averageRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    },
  };
}
