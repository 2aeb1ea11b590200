import { describe, expect, it } from 'vitest';
import { parseLocalDate, periodsOf, zonedMidnight } from '../../src/core/report-periods.js';

const d = (s: string) => {
  const date = parseLocalDate(s);
  if (!date) throw new Error(s);
  return date;
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('report periods in a time zone', () => {
  it('cuts days at local midnight: the spring-forward day has 23 hours, the fall-back day 25', () => {
    const spring = periodsOf(d('2027-03-13'), d('2027-03-15'), 'day', 'America/New_York');
    expect(spring.map((p) => [p.key, iso(p.start), (p.end - p.start) / 3_600_000])).toEqual([
      ['2027-03-13', '2027-03-13T05:00:00.000Z', 24],
      ['2027-03-14', '2027-03-14T05:00:00.000Z', 23],
      ['2027-03-15', '2027-03-15T04:00:00.000Z', 24],
    ]);
    const fall = periodsOf(d('2027-10-31'), d('2027-10-31'), 'day', 'Europe/Berlin');
    expect(fall.map((p) => [iso(p.start), iso(p.end)])).toEqual([
      ['2027-10-30T22:00:00.000Z', '2027-10-31T23:00:00.000Z'],
    ]);
  });

  it('starts weeks on Monday and months on the 1st, the first and last cut to the range', () => {
    const weeks = periodsOf(d('2027-03-10'), d('2027-03-23'), 'week', 'UTC');
    expect(weeks.map((p) => [p.key, iso(p.end)])).toEqual([
      ['2027-03-10', '2027-03-15T00:00:00.000Z'],
      ['2027-03-15', '2027-03-22T00:00:00.000Z'],
      ['2027-03-22', '2027-03-24T00:00:00.000Z'],
    ]);
    const months = periodsOf(d('2026-12-15'), d('2027-02-10'), 'month', 'Asia/Tokyo');
    expect(months.map((p) => [p.key, iso(p.start)])).toEqual([
      ['2026-12-15', '2026-12-14T15:00:00.000Z'],
      ['2027-01-01', '2026-12-31T15:00:00.000Z'],
      ['2027-02-01', '2027-01-31T15:00:00.000Z'],
    ]);
  });

  it('refuses dates that are not on the calendar and ranges of too many periods', () => {
    expect(parseLocalDate('2027-02-29')).toBeUndefined();
    expect(parseLocalDate('2027-13-01')).toBeUndefined();
    expect(() => periodsOf(d('2020-01-01'), d('2027-01-01'), 'day', 'UTC')).toThrow(/more than 1000 periods/);
    expect(iso(zonedMidnight(d('2027-07-01'), 'Australia/Lord_Howe'))).toBe('2027-06-30T13:30:00.000Z');
  });
});
