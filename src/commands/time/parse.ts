/**
 * Flags of `desk time`: durations, points in time and days (in the local time
 * zone), technicians and rates. Bad values fail with exit 5 before anything is sent.
 */
import { invalid } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { RATE_MAX } from '../../core/time-entries.js';

/** `90m`, `1h30m`, `1.5h`, `01:30` → milliseconds (more than zero). */
export function durationFlag(raw: string, flag = '--duration'): number {
  const ms = parseDuration(raw);
  if (ms === undefined) {
    throw invalid(`${flag} must be a duration such as 90m, 1h30m, 1.5h or 01:30, got "${raw}"`, flag);
  }
  if (ms <= 0) throw invalid(`${flag} must be more than zero, got "${raw}"`, flag);
  return ms;
}

function localDay(y: number, m: number, d: number, raw: string, flag: string): Date {
  const date = new Date(y, m - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) {
    throw invalid(`${flag}: "${raw}" is not a calendar date`, flag);
  }
  return date;
}

/** A day: `YYYY-MM-DD`, `today` or `yesterday`; local midnight. */
export function dayFlag(raw: string, now: Date, flag = '--date'): Date {
  const v = raw.trim().toLowerCase();
  if (v === 'today' || v === 'yesterday') {
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - (v === 'yesterday' ? 1 : 0));
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw invalid(`${flag} must be a date such as 2026-03-14, today or yesterday, got "${raw}"`, flag);
  return localDay(Number(m[1]), Number(m[2]), Number(m[3]), raw, flag);
}

export interface When {
  readonly date: Date;
  /** Given as a day only (no time of day). */
  readonly dayOnly: boolean;
}

/**
 * A point in time: an ISO date-time (local when it has no offset), `HH:MM` on
 * `day` (default today), `now`, or a day (`YYYY-MM-DD`, `today`, `yesterday`) at
 * local midnight.
 */
export function whenFlag(raw: string, now: Date, flag: string, day?: Date): When {
  const v = raw.trim();
  if (v.toLowerCase() === 'now') return { date: now, dayOnly: false };
  const clock = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (clock) {
    const h = Number(clock[1]);
    const min = Number(clock[2]);
    if (h > 23 || min > 59) throw invalid(`${flag}: "${raw}" is not a time of day`, flag);
    const base = day ?? now;
    return { date: new Date(base.getFullYear(), base.getMonth(), base.getDate(), h, min), dayOnly: false };
  }
  if (/^(\d{4}-\d{2}-\d{2}|today|yesterday)$/i.test(v)) return { date: dayFlag(v, now, flag), dayOnly: true };
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (iso) {
    localDay(Number(iso[1]), Number(iso[2]), Number(iso[3]), raw, flag);
    const ms = Date.parse(v.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return { date: new Date(ms), dayOnly: false };
  }
  throw invalid(
    `${flag} must be a date-time such as 2026-03-14T09:30, a time such as 09:30, or a date, got "${raw}"`,
    flag,
  );
}

/** The end of a `--to` range: a day counts in full (until the next local midnight). */
export function rangeEnd(when: When): Date {
  if (!when.dayOnly) return when.date;
  const d = when.date;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
}

/** `me` or a technician id. */
export function technicianFlag(raw: string, flag = '--technician'): 'me' | number {
  const v = raw.trim().toLowerCase();
  if (v === 'me') return 'me';
  if (/^\d+$/.test(v) && Number(v) > 0 && Number.isSafeInteger(Number(v))) return Number(v);
  throw invalid(`${flag} takes me or a technician id, got "${raw}"`, flag);
}

/** An hourly rate such as `90` or `92.50`; `none` for no rate. */
export function rateFlag(raw: string): number | null {
  const v = raw.trim().toLowerCase();
  if (v === 'none') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(v) || Number(v) > RATE_MAX) {
    throw invalid(`--rate must be an amount per hour such as 90 or 92.50 (at most ${RATE_MAX}), or none, got "${raw}"`);
  }
  return Number(v);
}

/** The local IANA time zone, for reports counted per day. */
export function localTimeZone(env: Readonly<Record<string, string | undefined>>): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || env.TZ || 'UTC';
}
