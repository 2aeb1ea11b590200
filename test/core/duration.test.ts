/** Durations as people type them, and as `desk` prints them. */
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['90m', 90 * M],
    ['1h30m', H + 30 * M],
    ['1h 30m', H + 30 * M],
    ['1h   30m', H + 30 * M],
    ['1.5h', H + 30 * M],
    ['1,5h', H + 30 * M],
    ['01:30', H + 30 * M],
    ['1:02:03', H + 2 * M + 3 * S],
    ['100:00', 100 * H],
    ['45s', 45 * S],
    ['0.5s', 500],
    ['2d', 2 * D],
    ['1d2h', D + 2 * H],
    ['1m30s', M + 30 * S],
    ['250ms', 250],
    ['1.5ms', 2],
    ['  2H ', 2 * H],
    ['1H30M', H + 30 * M],
    ['0m', 0],
    ['0:00', 0],
  ])('reads %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['empty text', ''],
    ['spaces only', '   '],
    ['a number without a unit', '90'],
    ['a unit without a number', 'm'],
    ['a unit written out', '5 minutes'],
    ['a space between number and unit', '5 m'],
    ['a negative duration', '-5m'],
    ['a trailing number', '1h30'],
    ['an unknown unit', '3w'],
    ['two decimal points', '1.5.5h'],
    ['a decimal comma without a unit', '1,5'],
    ['minutes past 59 on a clock', '1:60'],
    ['one-digit minutes on a clock', '1:5'],
    ['seconds past 59 on a clock', '10:30:60'],
    ['a decimal clock', '1.5:30'],
    ['a leading colon', ':30'],
  ])('is undefined for %s (%j)', (_what, input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [499, '0s'],
    [500, '1s'],
    [45 * S, '45s'],
    [59.5 * S, '1m'],
    [M, '1m'],
    [M + 30 * S, '1m30s'],
    [H, '1h'],
    [H + 30 * M, '1h30m'],
    [H + S, '1h'],
    [H + M + S, '1h1m'],
    [D, '24h'],
    [31 * D, '744h'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([30 * S, 15 * M, H + 5 * M, 26 * H + 59 * M, 31 * D])('reads back what it writes (%d ms)', (ms) => {
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
