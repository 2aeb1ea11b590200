/** Time entries: rates and amounts in cents, the limits on a duration, and the span of a new or edited entry. */
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../src/core/errors.js';
import {
  ENTRY_FORCE_MS,
  ENTRY_MAX_MS,
  HOUR_MS,
  amountCents,
  centsToAmount,
  checkDuration,
  rateToCents,
  resolveEditSpan,
  resolveNewSpan,
  type Span,
} from '../../src/core/time-entries.js';

const M = 60_000;
const NOW = Date.UTC(2024, 2, 10, 12, 0);
const DEFAULT = 15 * M;

/** The code, field and message of the DeskError `run` throws. */
function failure(run: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DeskError);
    const e = err as DeskError;
    return { code: e.code, field: e.field, message: e.message };
  }
  throw new Error('expected a DeskError, but nothing was thrown');
}

describe('rateToCents', () => {
  it.each([
    [92.5, 9250],
    [0, 0],
    [0.01, 1],
    [19.99, 1999],
    [0.29, 29],
    [100_000, 10_000_000],
  ])('turns %d into %d cents', (rate, cents) => {
    expect(rateToCents(rate)).toBe(cents);
  });

  it.each([
    [-1, 'the rate must be zero or more'],
    [-0.01, 'the rate must be zero or more'],
    [Number.NaN, 'the rate must be zero or more'],
    [Number.POSITIVE_INFINITY, 'the rate must be zero or more'],
    [100_000.01, 'the rate must be at most 100000'],
    [1.005, 'the rate has at most two decimals'],
    [0.001, 'the rate has at most two decimals'],
  ])('refuses %d: %s', (rate, message) => {
    expect(failure(() => rateToCents(rate))).toEqual({ code: 'invalid', field: 'rate', message });
  });

  it('names the field it was given', () => {
    expect(failure(() => rateToCents(-5, 'defaultRate')).field).toBe('defaultRate');
  });
});

describe('amounts', () => {
  it.each([
    [9250, 92.5],
    [1999, 19.99],
    [0, 0],
    [0.4, 0],
  ])('shows %d cents as %d', (cents, amount) => {
    expect(centsToAmount(cents)).toBe(amount);
  });

  it.each([
    ['rate × hours', 9000, 1.5 * HOUR_MS, true, 13_500],
    ['rounded to the cent', 3333, 20 * M, true, 1111],
    ['half a cent rounded up', 1, 30 * M, true, 1],
    ['nothing when not billable', 9000, HOUR_MS, false, 0],
    ['nothing without a rate', null, HOUR_MS, true, 0],
    ['nothing for no time', 9000, 0, true, 0],
  ])('is %s', (_what, rate, ms, billable, cents) => {
    expect(amountCents(rate, ms, billable)).toBe(cents);
  });
});

describe('checkDuration', () => {
  it.each([
    ['a millisecond', 1, false],
    ['exactly 24 hours', ENTRY_FORCE_MS, false],
    ['over 24 hours when forced', ENTRY_FORCE_MS + 1, true],
    ['exactly 31 days when forced', ENTRY_MAX_MS, true],
  ])('accepts %s', (_what, ms, force) => {
    expect(() => checkDuration(ms, force)).not.toThrow();
  });

  it.each([
    ['zero', 0, true, 'the duration must be more than zero'],
    ['a negative duration', -M, true, 'the duration must be more than zero'],
    ['NaN', Number.NaN, true, 'the duration must be more than zero'],
    ['infinity', Number.POSITIVE_INFINITY, true, 'the duration must be more than zero'],
    [
      'over 24 hours unforced',
      ENTRY_FORCE_MS + 1,
      false,
      'this entry is over 24 hours; pass force (--force) if that is right',
    ],
    ['over 31 days, even forced', ENTRY_MAX_MS + 1, true, 'one entry cannot be longer than 31 days'],
  ])('refuses %s', (_what, ms, force, message) => {
    expect(failure(() => checkDuration(ms, force))).toEqual({ code: 'invalid', field: 'durationMs', message });
  });
});

describe('resolveNewSpan', () => {
  const at = (minutes: number) => NOW + minutes * M;

  it.each([
    ['nothing: the default duration, ending now', {}, { startedAt: at(-15), endedAt: NOW, durationMs: DEFAULT }],
    ['a duration alone: ending now', { durationMs: 40 * M }, { startedAt: at(-40), endedAt: NOW, durationMs: 40 * M }],
    [
      'start and end: the time between',
      { startedAt: at(-90), endedAt: at(-30) },
      { startedAt: at(-90), endedAt: at(-30), durationMs: 60 * M },
    ],
    [
      'start, end and a shorter duration: the duration',
      { startedAt: at(-90), endedAt: at(-30), durationMs: 45 * M },
      { startedAt: at(-90), endedAt: at(-30), durationMs: 45 * M },
    ],
    [
      'start, end and the exact duration',
      { startedAt: at(-90), endedAt: at(-30), durationMs: 60 * M },
      { startedAt: at(-90), endedAt: at(-30), durationMs: 60 * M },
    ],
    [
      'a start and a duration',
      { startedAt: at(-120), durationMs: 30 * M },
      { startedAt: at(-120), endedAt: at(-90), durationMs: 30 * M },
    ],
    [
      'a start alone: the default duration',
      { startedAt: at(-120) },
      { startedAt: at(-120), endedAt: at(-105), durationMs: DEFAULT },
    ],
    [
      'an end and a duration',
      { endedAt: at(-60), durationMs: 30 * M },
      { startedAt: at(-90), endedAt: at(-60), durationMs: 30 * M },
    ],
    [
      'an end alone: the default duration',
      { endedAt: at(-60) },
      { startedAt: at(-75), endedAt: at(-60), durationMs: DEFAULT },
    ],
    [
      'a start in the future',
      { startedAt: at(60), durationMs: M },
      { startedAt: at(60), endedAt: at(61), durationMs: M },
    ],
  ])('from %s', (_what, input, span) => {
    expect(resolveNewSpan(input, NOW, DEFAULT)).toEqual(span);
  });

  it.each([
    ['a zero duration', { durationMs: 0 }, 'durationMs', 'the duration must be more than zero'],
    [
      'a negative duration',
      { startedAt: at(-60), durationMs: -M },
      'durationMs',
      'the duration must be more than zero',
    ],
    ['an end before the start', { startedAt: at(-30), endedAt: at(-60) }, 'endedAt', 'the end is before the start'],
    [
      'the same start and end',
      { startedAt: at(-30), endedAt: at(-30) },
      'endedAt',
      'the start and the end are the same: the duration would be zero',
    ],
    [
      'a duration longer than start to end',
      { startedAt: at(-60), endedAt: at(-30), durationMs: 31 * M },
      'durationMs',
      'the duration is longer than the time between start and end',
    ],
  ])('refuses %s', (_what, input, field, message) => {
    expect(failure(() => resolveNewSpan(input, NOW, DEFAULT))).toEqual({ code: 'invalid', field, message });
  });
});

describe('resolveEditSpan', () => {
  const old: Span = { startedAt: NOW - 60 * M, endedAt: NOW, durationMs: 60 * M };

  it.each([
    ['nothing: as it was', {}, old],
    [
      'a new start: the duration kept',
      { startedAt: NOW - 30 * M },
      { startedAt: NOW - 30 * M, endedAt: NOW + 30 * M, durationMs: 60 * M },
    ],
    [
      'a new end: the duration kept',
      { endedAt: NOW - 30 * M },
      { startedAt: NOW - 90 * M, endedAt: NOW - 30 * M, durationMs: 60 * M },
    ],
    [
      'a new duration: the start kept',
      { durationMs: 20 * M },
      { startedAt: NOW - 60 * M, endedAt: NOW - 40 * M, durationMs: 20 * M },
    ],
    [
      'a new start and end: the time between',
      { startedAt: NOW - 10 * M, endedAt: NOW },
      { startedAt: NOW - 10 * M, endedAt: NOW, durationMs: 10 * M },
    ],
    [
      'a new end and duration',
      { endedAt: NOW + 60 * M, durationMs: 5 * M },
      { startedAt: NOW + 55 * M, endedAt: NOW + 60 * M, durationMs: 5 * M },
    ],
  ])('from %s', (_what, input, span) => {
    expect(resolveEditSpan(input, old)).toEqual(span);
  });

  it.each([
    ['a zero duration', { durationMs: 0 }, 'durationMs', 'the duration must be more than zero'],
    ['an end before the start', { startedAt: NOW, endedAt: NOW - M }, 'endedAt', 'the end is before the start'],
    [
      'a duration longer than the new start to end',
      { startedAt: NOW - 10 * M, endedAt: NOW, durationMs: 11 * M },
      'durationMs',
      'the duration is longer than the time between start and end',
    ],
  ])('refuses %s', (_what, input, field, message) => {
    expect(failure(() => resolveEditSpan(input, old))).toEqual({ code: 'invalid', field, message });
  });
});
