/** Time totals and report helpers: sums in cents, calendar days in a time zone, hours for people. */
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/core/time-entries.js';
import { addToTotals, dayKey, emptyTotals, hours, isTimeZone, totalsView } from '../../src/core/time-reports.js';

describe('totals', () => {
  it('start at zero', () => {
    expect(totalsView(emptyTotals())).toEqual({
      entries: 0,
      durationMs: 0,
      billableMs: 0,
      nonBillableMs: 0,
      amount: 0,
    });
  });

  it('add billable and non-billable time apart, and amounts only for billable time', () => {
    const t = emptyTotals();
    addToTotals(t, { durationMs: 1.5 * HOUR_MS, billable: true, rateCents: 9000 });
    addToTotals(t, { durationMs: HOUR_MS, billable: false, rateCents: 9000 });
    addToTotals(t, { durationMs: 20 * 60_000, billable: true, rateCents: 3333 });
    addToTotals(t, { durationMs: HOUR_MS, billable: true, rateCents: null });
    expect(t).toEqual({
      entries: 4,
      durationMs: 3.5 * HOUR_MS + 20 * 60_000,
      billableMs: 2.5 * HOUR_MS + 20 * 60_000,
      nonBillableMs: HOUR_MS,
      amountCents: 13_500 + 1111,
    });
    expect(totalsView(t).amount).toBe(146.11);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Paris', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+25:00', false],
  ])('%j → %s', (tz, known) => {
    expect(isTimeZone(tz)).toBe(known);
  });
});

describe('dayKey', () => {
  const lateEvening = Date.UTC(2024, 2, 10, 23, 30);
  it.each([
    ['UTC', lateEvening, '2024-03-10'],
    ['Europe/Paris', lateEvening, '2024-03-11'],
    ['America/Los_Angeles', lateEvening, '2024-03-10'],
    ['Asia/Tokyo', Date.UTC(2024, 11, 31, 15, 0), '2025-01-01'],
    ['Pacific/Honolulu', Date.UTC(2024, 0, 1, 5, 0), '2023-12-31'],
  ])('counts the day in %s', (tz, ms, day) => {
    expect(dayKey(ms, tz)).toBe(day);
  });
});

describe('hours', () => {
  it.each([
    [0, 0],
    [1.5 * HOUR_MS, 1.5],
    [HOUR_MS / 3, 0.33],
    [18_000, 0.01],
    [17_999, 0],
    [100 * HOUR_MS, 100],
  ])('%d ms → %d h', (ms, h) => {
    expect(hours(ms)).toBe(h);
  });
});
