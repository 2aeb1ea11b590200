/** The running timer: segments, elapsed time, a bounded history, and the span it records when stopped. */
import { describe, expect, it } from 'vitest';
import {
  SEGMENTS_MAX,
  pauseTimer,
  resumeTimer,
  startTimer,
  timerElapsed,
  timerSpan,
  timerState,
} from '../../src/core/timer.js';

const T0 = Date.UTC(2024, 2, 10, 9, 0);
const S = 1000;

describe('timer', () => {
  it('starts running with one open segment', () => {
    const t = startTimer(7, T0);
    expect(t).toEqual({
      ticketId: 7,
      startedAt: T0,
      runningSince: T0,
      accumulatedMs: 0,
      segments: [{ start: T0, end: null }],
    });
    expect(timerState(t)).toBe('running');
    expect(timerElapsed(t, T0 + 30 * S)).toBe(30 * S);
  });

  it('pauses: closes the segment and keeps its time; the clock stops', () => {
    const t = pauseTimer(startTimer(7, T0), T0 + 30 * S);
    expect(t).toMatchObject({ runningSince: null, accumulatedMs: 30 * S, segments: [{ start: T0, end: T0 + 30 * S }] });
    expect(timerState(t)).toBe('paused');
    expect(timerElapsed(t, T0 + 600 * S)).toBe(30 * S);
  });

  it('resumes: a new segment adds to the time of the earlier ones', () => {
    const t = resumeTimer(pauseTimer(startTimer(7, T0), T0 + 30 * S), T0 + 100 * S);
    expect(timerState(t)).toBe('running');
    expect(t.segments).toEqual([
      { start: T0, end: T0 + 30 * S },
      { start: T0 + 100 * S, end: null },
    ]);
    expect(timerElapsed(t, T0 + 110 * S)).toBe(40 * S);
  });

  it('leaves a paused timer paused and a running one running', () => {
    const running = startTimer(7, T0);
    const paused = pauseTimer(running, T0 + S);
    expect(resumeTimer(running, T0 + 5 * S)).toBe(running);
    expect(pauseTimer(paused, T0 + 5 * S)).toBe(paused);
  });

  it('counts a clock that went back as no time', () => {
    const t = startTimer(7, T0);
    expect(timerElapsed(t, T0 - 60 * S)).toBe(0);
    const paused = pauseTimer(t, T0 - 60 * S);
    expect(paused).toMatchObject({ accumulatedMs: 0, segments: [{ start: T0, end: T0 }] });
  });

  it(`keeps the last ${SEGMENTS_MAX} segments, and the time of all`, () => {
    let t = startTimer(7, T0);
    let now = T0;
    for (let i = 0; i < SEGMENTS_MAX + 50; i++) {
      now += 10 * S;
      t = pauseTimer(t, now);
      now += 5 * S;
      t = resumeTimer(t, now);
    }
    expect(t.segments).toHaveLength(SEGMENTS_MAX);
    expect(t.segments.at(-1)).toEqual({ start: now, end: null });
    expect(t.accumulatedMs).toBe((SEGMENTS_MAX + 50) * 10 * S);
    expect(t.startedAt).toBe(T0);
  });
});

describe('timerSpan', () => {
  it('runs from the first start to now while running', () => {
    const t = resumeTimer(pauseTimer(startTimer(7, T0), T0 + 30 * S), T0 + 100 * S);
    expect(timerSpan(t, T0 + 130 * S)).toEqual({ startedAt: T0, endedAt: T0 + 130 * S, durationMs: 60 * S });
  });

  it('ends at the last pause while paused, not at the time of stopping', () => {
    const t = pauseTimer(startTimer(7, T0), T0 + 30 * S);
    expect(timerSpan(t, T0 + 3600 * S)).toEqual({ startedAt: T0, endedAt: T0 + 30 * S, durationMs: 30 * S });
  });

  it('is never shorter than its duration when the clock went back', () => {
    const t = startTimer(7, T0);
    const paused = { ...pauseTimer(t, T0 + 60 * S), segments: [{ start: T0, end: T0 + 10 * S }] };
    expect(timerSpan(paused, T0)).toEqual({ startedAt: T0, endedAt: T0 + 60 * S, durationMs: 60 * S });
  });
});
