/**
 * Time entries (DESIGN §2.2): where an entry comes from, the limits on its length, rate and note,
 * its amount (rate × hours when billable, else 0) and the span of a new or edited manual entry.
 * Pure, shared by the server and the client.
 *
 * Times are epoch milliseconds. Rates and amounts are whole cents here and currency units (two
 * decimals) on the wire.
 */
import { invalid } from './errors.js';

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
