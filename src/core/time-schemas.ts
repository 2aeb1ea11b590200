/**
 * The time-tracking API's request and response shapes (timer, entries, reports), shared by the
 * server, which validates requests with them, and the clients, which check answers. Times are ISO
 * 8601 strings; rates and amounts are currency units.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { ENTRY_MAX_MS, ENTRY_SOURCES, NOTE_MAX, RATE_MAX } from './time-entries.js';
import { TIMER_STATES } from './timer.js';

const id = z.number().check(z.int(), z.positive());
const ref = z.object({ id, name: z.string() });
const ticketRef = z.object({ id, title: z.string() });
const instant = z.iso.datetime({ offset: true });
const amount = z.number().check(z.nonnegative());
const rateInput = z.number().check(z.minimum(0), z.maximum(RATE_MAX));
const note = z.string().check(z.trim(), z.maxLength(NOTE_MAX, `must be at most ${NOTE_MAX} characters`));
const duration = z.number().check(z.int(), z.positive(), z.maximum(ENTRY_MAX_MS));

export const timeEntrySchema = z.object({
  id,
  ticket: ticketRef,
  company: ref,
  technician: ref,
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().check(z.int(), z.nonnegative()),
  /** Hourly rate in currency units; null when none was set. */
  rate: z.nullable(amount),
  billable: z.boolean(),
  /** rate × hours when billable, else 0. */
  amount,
  note: z.nullable(z.string()),
  source: z.enum(ENTRY_SOURCES),
  createdBy: ref,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;

export const totalsSchema = z.object({
  entries: z.number().check(z.int(), z.nonnegative()),
  durationMs: z.number().check(z.int(), z.nonnegative()),
  billableMs: z.number().check(z.int(), z.nonnegative()),
  nonBillableMs: z.number().check(z.int(), z.nonnegative()),
  /** rate × hours of the billable entries. */
  amount,
});
export type Totals = z.infer<typeof totalsSchema>;

/** A ticket's time, shown with the ticket. */
export const ticketTimeSchema = z.object({ entries: z.array(timeEntrySchema), totals: totalsSchema });
export type TicketTime = z.infer<typeof ticketTimeSchema>;

export const timerSchema = z.object({
  technician: ref,
  ticket: ticketRef,
  company: ref,
  state: z.enum(TIMER_STATES),
  startedAt: z.string(),
  /** Start of the running segment; null while paused. */
  runningSince: z.nullable(z.string()),
  /** Time of the finished segments; add now − runningSince while running. */
  accumulatedMs: z.number().check(z.int(), z.nonnegative()),
  /** Elapsed time when the server answered. */
  elapsedMs: z.number().check(z.int(), z.nonnegative()),
  segments: z.array(z.object({ start: z.string(), end: z.nullable(z.string()) })),
});
export type Timer = z.infer<typeof timerSchema>;

export const timerStatusSchema = z.object({ timer: z.nullable(timerSchema), now: z.string() });
export type TimerStatus = z.infer<typeof timerStatusSchema>;

export const startTimerInput = z.object({ ticketId: id, force: z._default(z.boolean(), false) });
export type StartTimerInput = z.input<typeof startTimerInput>;

export const stopTimerInput = z.object({
  note: z.optional(note),
  billable: z.optional(z.boolean()),
  rate: z.optional(z.nullable(rateInput)),
  force: z._default(z.boolean(), false),
  /** Stop without writing an entry. */
  discard: z._default(z.boolean(), false),
});
export type StopTimerInput = z.input<typeof stopTimerInput>;

/** What stopping a timer did: the entry it wrote (null when no time had run). */
export const stoppedSchema = z.object({
  ticket: ticketRef,
  durationMs: z.number().check(z.int(), z.nonnegative()),
  entry: z.nullable(timeEntrySchema),
  /** Stopped with discard: no entry was written. */
  discarded: z.boolean(),
});
export type Stopped = z.infer<typeof stoppedSchema>;

export const timerActionSchema = z.object({
  timer: z.nullable(timerSchema),
  /** The timer stopped by this action (stop, or start on another ticket). */
  stopped: z.nullable(stoppedSchema),
  /** True when start found the timer already running on that ticket (nothing changed). */
  unchanged: z.boolean(),
});
export type TimerAction = z.infer<typeof timerActionSchema>;

export const createTimeEntryInput = z.object({
  ticketId: id,
  technicianId: z.optional(id),
  startedAt: z.optional(instant),
  endedAt: z.optional(instant),
  durationMs: z.optional(duration),
  rate: z.optional(z.nullable(rateInput)),
  billable: z._default(z.boolean(), true),
  note: z.optional(note),
  force: z._default(z.boolean(), false),
  clientId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type CreateTimeEntryInput = z.input<typeof createTimeEntryInput>;

export const updateTimeEntryInput = z
  .object({
    ticketId: z.optional(id),
    technicianId: z.optional(id),
    startedAt: z.optional(instant),
    endedAt: z.optional(instant),
    durationMs: z.optional(duration),
    rate: z.optional(z.nullable(rateInput)),
    billable: z.optional(z.boolean()),
    note: z.optional(z.nullable(note)),
    force: z._default(z.boolean(), false),
  })
  .check(
    z.refine((v) => Object.entries(v).some(([k, x]) => k !== 'force' && x !== undefined), {
      message: 'nothing to change',
    }),
  );
export type UpdateTimeEntryInput = z.input<typeof updateTimeEntryInput>;

const boolQuery = z.union([
  z.boolean(),
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((s) => s === 'true'),
  ),
]);
const technicianQuery = z.union([z.literal('me'), z.coerce.number().check(z.int(), z.positive())]);

export const listTimeEntriesQuery = z.object({
  ticket: z.optional(z.coerce.number().check(z.int(), z.positive())),
  technician: z.optional(technicianQuery),
  /** Entries that start at or after this instant. */
  from: z.optional(instant),
  /** Entries that start before this instant. */
  to: z.optional(instant),
  billable: z.optional(boolQuery),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
export type ListTimeEntriesQuery = z.input<typeof listTimeEntriesQuery>;

export const timeEntryPageSchema = z.object({
  items: z.array(timeEntrySchema),
  totals: totalsSchema,
  nextCursor: z.nullable(z.string()),
});
export type TimeEntryPage = z.infer<typeof timeEntryPageSchema>;

export const timeReportQuery = z.object({
  ticket: z.optional(z.coerce.number().check(z.int(), z.positive())),
  technician: z.optional(technicianQuery),
  from: z.optional(instant),
  to: z.optional(instant),
  billable: z.optional(boolQuery),
  /** IANA time zone the days are counted in (default UTC). */
  tz: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'UTC'),
});
export type TimeReportQuery = z.input<typeof timeReportQuery>;

export const timeReportSchema = z.object({
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  tz: z.string(),
  totals: totalsSchema,
  byTicket: z.array(z.extend(totalsSchema, { ticket: ticketRef, company: ref })),
  byTechnician: z.array(z.extend(totalsSchema, { technician: ref })),
  byDay: z.array(z.extend(totalsSchema, { day: z.string() })),
});
export type TimeReport = z.infer<typeof timeReportSchema>;

export const deletedTimeEntrySchema = z.object({ deleted: id, entry: timeEntrySchema });
