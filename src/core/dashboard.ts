/**
 * The supervisor dashboard (issue 18): a snapshot of what is happening now — customers waiting,
 * chats in progress, technicians' availability, tickets whose SLA is about to break — and today's
 * counters, read at one event-log position so a client keeps it current from the events after it.
 * The snapshot's shape, its query and the day arithmetic. Pure.
 */
import * as z from 'zod/mini';
import { PRESENCE_STATES, chatSchema } from './chat.js';
import { PRIORITIES } from './tickets.js';
import './zod-locale.js';

const id = z.number().check(z.int(), z.positive());
const ref = z.object({ id, name: z.string() });
const count = z.number().check(z.int(), z.nonnegative());

/** How far ahead the snapshot lists SLA deadlines (the pane shows the next hour of them). */
export const DASHBOARD_SLA_HORIZON_MS = 24 * 3_600_000;

export const dashboardQuery = z.object({
  /** IANA time zone "today" is counted in (default UTC). */
  tz: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'UTC'),
});

export const dashboardTechnicianSchema = z.object({
  technician: ref,
  state: z.enum(PRESENCE_STATES),
  since: z.string(),
  /** Most chats they take at once; null when unlimited. */
  maxChats: z.nullable(z.number().check(z.int(), z.positive())),
});
export type DashboardTechnician = z.infer<typeof dashboardTechnicianSchema>;

export const slaDueSchema = z.object({
  ticket: z.object({ id, title: z.string() }),
  company: ref,
  priority: z.enum(PRIORITIES),
  target: z.enum(['response', 'resolution']),
  dueAt: z.string(),
});
export type SlaDue = z.infer<typeof slaDueSchema>;

export const dashboardSchema = z.object({
  /** The event-log position the snapshot was read at: events after it change it. */
  seq: count,
  now: z.string(),
  tz: z.string(),
  /** Today in `tz`: the counters count from `dayStart`, until `dayEnd`. */
  dayStart: z.string(),
  dayEnd: z.string(),
  /** Chats waiting for a technician or in progress, in companies the caller may see. */
  chats: z.array(chatSchema),
  technicians: z.array(dashboardTechnicianSchema),
  /** Tickets whose running SLA clock is due within the horizon, soonest first. */
  slaDue: z.array(slaDueSchema),
  today: z.object({
    created: count,
    resolved: count,
    chats: count,
    rona: count,
    /** Today's ratings, one per ticket (rating again replaces). */
    ratings: z.array(z.object({ ticketId: id, rating: z.number().check(z.int(), z.gte(1), z.lte(5)) })),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** Local time minus UTC in `tz` at the instant `ms`, in ms. */
function zoneOffset(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(ms / 1000) * 1000;
}

const DAY = 86_400_000;

/** The midnight (in `tz`) that starts the local day containing `ms`. */
function midnightOf(ms: number, tz: string): number {
  const localMidnight = Math.floor((ms + zoneOffset(ms, tz)) / DAY) * DAY;
  // The offset at midnight may differ from the one now (a daylight-saving change during the day).
  const guess = localMidnight - zoneOffset(ms, tz);
  return localMidnight - zoneOffset(guess, tz);
}

/** The local day in `tz` that contains `ms`: its first instant, and the first instant of the next day. */
export function dayBounds(ms: number, tz: string): { start: number; end: number } {
  const start = midnightOf(ms, tz);
  // Noon tomorrow is always in the next day, whatever the day's length (23–25 h).
  const end = midnightOf(start + DAY + DAY / 2, tz);
  return { start, end };
}
