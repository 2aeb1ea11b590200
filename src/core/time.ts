/**
 * Time tracking (DESIGN §2.2): the vocabulary, the pure rules (timer arithmetic,
 * spans of manual entries, amounts, totals) and the API's request and response
 * shapes, shared by the server and the client.
 *
 * Times are epoch milliseconds inside, ISO 8601 strings on the wire. Rates and
 * amounts are whole cents inside and currency units (two decimals) on the wire;
 * an entry's amount is rate × hours when it is billable, else 0.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { invalid } from './errors.js';

export const TIMER_STATES = ['running', 'paused'] as const;
export type TimerState = (typeof TIMER_STATES)[number];

export const ENTRY_SOURCES = ['timer', 'manual'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const HOUR_MS = 3_600_000;
/** One entry longer than this needs `force` (`--force`). */
export const ENTRY_FORCE_MS = 24 * HOUR_MS;
/** No entry is longer than this, forced or not. */
export const ENTRY_MAX_MS = 31 * 24 * HOUR_MS;
/** Duration of a manual entry given neither a duration nor start and end, unless the setting says otherwise. */
export const DEFAULT_ENTRY_MS = 15 * 60_000;
export const NOTE_MAX = 2000;
/** Highest hourly rate accepted, in currency units. */
export const RATE_MAX = 100_000;
/** Pauses and resumes kept per timer; older segments are folded into the accumulated time. */
export const SEGMENTS_MAX = 200;

// ---------- money

/** `92.5` → 9250; fails on negatives, more than two decimals, or above RATE_MAX. */
export function rateToCents(rate: number, field = 'rate'): number {
  if (!Number.isFinite(rate) || rate < 0) throw invalid('the rate must be zero or more', field);
  if (rate > RATE_MAX) throw invalid(`the rate must be at most ${RATE_MAX}`, field);
  const cents = Math.round(rate * 100);
  if (Math.abs(rate * 100 - cents) > 1e-6) throw invalid('the rate has at most two decimals', field);
  return cents;
}

export function centsToAmount(cents: number): number {
  return Math.round(cents) / 100;
}

/** Rate × hours in cents, rounded to the cent; 0 without a rate or when not billable. */
export function amountCents(rateCents: number | null, durationMs: number, billable: boolean): number {
  if (!billable || rateCents === null) return 0;
  return Math.round((rateCents * durationMs) / HOUR_MS);
}

// ---------- the running timer

export interface Segment {
  readonly start: number;
  /** null while this segment runs. */
  readonly end: number | null;
}

export interface TimerData {
  readonly ticketId: number;
  readonly startedAt: number;
  /** Start of the running segment; null while paused. */
  readonly runningSince: number | null;
  /** Time of the finished segments. */
  readonly accumulatedMs: number;
  readonly segments: readonly Segment[];
}

export function timerState(t: TimerData): TimerState {
  return t.runningSince === null ? 'paused' : 'running';
}

/** Accumulated time plus the running segment; a clock that went back counts as no time. */
export function timerElapsed(t: TimerData, now: number): number {
  return t.accumulatedMs + (t.runningSince === null ? 0 : Math.max(0, now - t.runningSince));
}

export function startTimer(ticketId: number, now: number): TimerData {
  return { ticketId, startedAt: now, runningSince: now, accumulatedMs: 0, segments: [{ start: now, end: null }] };
}

export function pauseTimer(t: TimerData, now: number): TimerData {
  if (t.runningSince === null) return t;
  const segments = t.segments.map((s) => (s.end === null ? { start: s.start, end: Math.max(now, s.start) } : s));
  return { ...t, runningSince: null, accumulatedMs: timerElapsed(t, now), segments };
}

export function resumeTimer(t: TimerData, now: number): TimerData {
  if (t.runningSince !== null) return t;
  const segments = [...t.segments, { start: now, end: null }];
  // Keep the list bounded: the oldest segments are dropped (their time stays in accumulatedMs).
  return { ...t, runningSince: now, segments: segments.slice(-SEGMENTS_MAX) };
}

/** The span a stopped timer records: first start to last end, with the accumulated duration. */
export function timerSpan(t: TimerData, now: number): { startedAt: number; endedAt: number; durationMs: number } {
  const durationMs = timerElapsed(t, now);
  const lastEnd = t.runningSince !== null ? now : (t.segments[t.segments.length - 1]?.end ?? now);
  return { startedAt: t.startedAt, endedAt: Math.max(lastEnd, t.startedAt + durationMs), durationMs };
}

// ---------- spans of entries

export interface SpanInput {
  readonly startedAt?: number | undefined;
  readonly endedAt?: number | undefined;
  readonly durationMs?: number | undefined;
}

export interface Span {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
}

/** Checks a duration against the rules: more than zero; over 24 h only with force; never over 31 days. */
export function checkDuration(durationMs: number, force: boolean): void {
  if (!Number.isFinite(durationMs) || durationMs <= 0)
    throw invalid('the duration must be more than zero', 'durationMs');
  if (durationMs > ENTRY_MAX_MS) throw invalid('one entry cannot be longer than 31 days', 'durationMs');
  if (durationMs > ENTRY_FORCE_MS && !force) {
    throw invalid('this entry is over 24 hours; pass force (--force) if that is right', 'durationMs');
  }
}

function fromStartEnd(start: number, end: number, durationMs: number | undefined): Span {
  if (end < start) throw invalid('the end is before the start', 'endedAt');
  if (end === start) throw invalid('the start and the end are the same: the duration would be zero', 'endedAt');
  const span = end - start;
  if (durationMs !== undefined && durationMs > span) {
    throw invalid('the duration is longer than the time between start and end', 'durationMs');
  }
  return { startedAt: start, endedAt: end, durationMs: durationMs ?? span };
}

/**
 * The span of a new manual entry: start and end (duration = end − start, or
 * less when given); start or end with a duration; a duration alone ends now;
 * nothing at all takes the default duration and ends now.
 */
export function resolveNewSpan(input: SpanInput, now: number, defaultMs: number): Span {
  const { startedAt, endedAt, durationMs } = input;
  if (durationMs !== undefined && durationMs <= 0) throw invalid('the duration must be more than zero', 'durationMs');
  if (startedAt !== undefined && endedAt !== undefined) return fromStartEnd(startedAt, endedAt, durationMs);
  const d = durationMs ?? defaultMs;
  if (startedAt !== undefined) return { startedAt, endedAt: startedAt + d, durationMs: d };
  const end = endedAt ?? now;
  return { startedAt: end - d, endedAt: end, durationMs: d };
}

/**
 * The span of an edited entry: given fields replace the old ones; a new start
 * or end alone keeps the duration; a new duration alone keeps the start.
 */
export function resolveEditSpan(input: SpanInput, old: Span): Span {
  const { startedAt, endedAt, durationMs } = input;
  if (durationMs !== undefined && durationMs <= 0) throw invalid('the duration must be more than zero', 'durationMs');
  if (startedAt !== undefined && endedAt !== undefined) return fromStartEnd(startedAt, endedAt, durationMs);
  const d = durationMs ?? old.durationMs;
  if (endedAt !== undefined) return { startedAt: endedAt - d, endedAt, durationMs: d };
  const start = startedAt ?? old.startedAt;
  return { startedAt: start, endedAt: start + d, durationMs: d };
}

// ---------- totals

export interface TotalsCents {
  entries: number;
  durationMs: number;
  billableMs: number;
  nonBillableMs: number;
  amountCents: number;
}

export function emptyTotals(): TotalsCents {
  return { entries: 0, durationMs: 0, billableMs: 0, nonBillableMs: 0, amountCents: 0 };
}

export function addToTotals(
  t: TotalsCents,
  e: { durationMs: number; billable: boolean; rateCents: number | null },
): TotalsCents {
  t.entries += 1;
  t.durationMs += e.durationMs;
  if (e.billable) t.billableMs += e.durationMs;
  else t.nonBillableMs += e.durationMs;
  t.amountCents += amountCents(e.rateCents, e.durationMs, e.billable);
  return t;
}

export function totalsView(t: TotalsCents): Totals {
  return {
    entries: t.entries,
    durationMs: t.durationMs,
    billableMs: t.billableMs,
    nonBillableMs: t.nonBillableMs,
    amount: centsToAmount(t.amountCents),
  };
}

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone. */
export function dayKey(ms: number, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Hours with two decimals, for reports: 5400000 → 1.5. */
export function hours(ms: number): number {
  return Math.round(ms / 36_000) / 100;
}

// ---------- API shapes

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
