/**
 * The technician's running timer (DESIGN §2.2): started, paused and resumed in segments, and the span
 * it records when stopped. Pure; times are epoch milliseconds, and a clock that went back counts as
 * no time.
 */

export const TIMER_STATES = ['running', 'paused'] as const;
export type TimerState = (typeof TIMER_STATES)[number];

/** Pauses and resumes kept per timer; older segments are folded into the accumulated time. */
export const SEGMENTS_MAX = 200;

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
