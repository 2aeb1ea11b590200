/**
 * Report periods cut in a time zone: calendar days, ISO weeks (Monday first) and months, each from
 * local midnight to the next local midnight, so a daylight-saving day is 23 or 25 hours long. Pure.
 */
import { invalid } from './errors.js';

export const PERIOD_GROUPS = ['day', 'week', 'month'] as const;
export type PeriodGroup = (typeof PERIOD_GROUPS)[number];

export interface Period {
  /** The local date the period starts on (`YYYY-MM-DD`). */
  readonly key: string;
  /** Epoch milliseconds, inclusive. */
  readonly start: number;
  /** Epoch milliseconds, exclusive. */
  readonly end: number;
}

/** Most periods one report may hold. */
export const MAX_PERIODS = 1000;

const DAY_MS = 86_400_000;

interface LocalDate {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let fmt = formats.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(tz, fmt);
  }
  return fmt;
}

function parts(ms: number, tz: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(ms: number, tz: string): number {
  const p = parts(ms, tz);
  const local = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return local - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight starting a date in a zone (the first instant of that day). */
export function zonedMidnight(date: LocalDate, tz: string): number {
  const guess = Date.UTC(date.y, date.m - 1, date.d);
  let t = guess - offsetAt(guess, tz);
  const second = guess - offsetAt(t, tz);
  if (second !== t) t = Math.min(t, second);
  // A zone whose clocks skip midnight starts the day at the first instant that is on that date.
  const p = parts(t, tz);
  if (p.day !== date.d) t += 3_600_000;
  return t;
}

/** `YYYY-MM-DD` → a calendar date, or undefined. */
export function parseLocalDate(raw: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return { y, m: mo, d };
}

/** The local date of an instant in a zone. */
export function localDateOf(ms: number, tz: string): LocalDate {
  const p = parts(ms, tz);
  return { y: p.year ?? 1970, m: p.month ?? 1, d: p.day ?? 1 };
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.y, 4)}-${pad(date.m)}-${pad(date.d)}`;
}

/** A date `n` days later (calendar arithmetic, no zone). */
export function addDays(date: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d) + n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function startOf(date: LocalDate, by: PeriodGroup): LocalDate {
  if (by === 'month') return { y: date.y, m: date.m, d: 1 };
  if (by === 'week') {
    const dow = new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
    return addDays(date, -((dow + 6) % 7));
  }
  return date;
}

function next(date: LocalDate, by: PeriodGroup): LocalDate {
  if (by === 'month') return date.m === 12 ? { y: date.y + 1, m: 1, d: 1 } : { y: date.y, m: date.m + 1, d: 1 };
  return addDays(date, by === 'week' ? 7 : 1);
}

const before = (a: LocalDate, b: LocalDate) => formatLocalDate(a) < formatLocalDate(b);

/**
 * The periods that cover the dates `from` to `to` (both included) in `tz`. The first and last
 * period are cut to the range, so a week report from a Wednesday starts on that Wednesday.
 */
export function periodsOf(from: LocalDate, to: LocalDate, by: PeriodGroup, tz: string): Period[] {
  const rangeEnd = zonedMidnight(addDays(to, 1), tz);
  const out: Period[] = [];
  let cursor = from;
  while (!before(to, cursor)) {
    const nextStart = next(startOf(cursor, by), by);
    const start = zonedMidnight(cursor, tz);
    const end = Math.min(zonedMidnight(nextStart, tz), rangeEnd);
    out.push({ key: formatLocalDate(cursor), start, end });
    if (out.length > MAX_PERIODS) throw invalid(`the range holds more than ${MAX_PERIODS} periods; use a longer --by`);
    cursor = nextStart;
  }
  return out;
}
