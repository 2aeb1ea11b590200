/**
 * Time totals and reports (DESIGN §2.2): entries added up by duration, billable time and amount, the
 * calendar day of an instant in a time zone, and hours for people. Pure.
 */
import { amountCents, centsToAmount } from './time-entries.js';
import type { Totals } from './time-schemas.js';

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
