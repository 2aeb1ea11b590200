/**
 * SLA clocks (DESIGN §2.1), as pure functions on a ticket's SLA state. Times are
 * epoch milliseconds on a 24×7 clock (no business hours). While the clock is
 * paused (Pending) or stopped (Resolved, Closed), stored due times are "as of
 * the pause": the effective due time moves on with the wall clock until the
 * ticket is worked again, when the pause is folded into the due times.
 */
import type { TicketStatus } from './tickets.js';

export const SLA_TARGETS = ['response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export type SlaClock = 'running' | 'paused' | 'stopped';

/** How near a deadline is when the dashboard calls it about to break. */
export const SLA_SOON_MS = 3_600_000;

export interface SlaTargetState {
  readonly targetMs: number | null;
  readonly dueAt: number | null;
  readonly metAt: number | null;
  readonly breachedAt: number | null;
}

export interface SlaState {
  readonly clock: SlaClock;
  readonly startedAt: number;
  readonly pausedAt: number | null;
  readonly pausedTotalMs: number;
  readonly response: SlaTargetState;
  readonly resolution: SlaTargetState;
}

export interface SlaTargets {
  readonly responseMs: number | null;
  readonly resolutionMs: number | null;
}

/** The clock a ticket status implies: Pending pauses, Resolved and Closed stop. */
export function clockFor(status: TicketStatus): SlaClock {
  if (status === 'pending') return 'paused';
  if (status === 'resolved' || status === 'closed') return 'stopped';
  return 'running';
}

function target(targetMs: number | null, startedAt: number, pausedTotalMs: number): SlaTargetState {
  return {
    targetMs,
    dueAt: targetMs === null ? null : startedAt + pausedTotalMs + targetMs,
    metAt: null,
    breachedAt: null,
  };
}

/** A new clock, started at `now` in the state the ticket's status implies. */
export function startSla(targets: SlaTargets, now: number, status: TicketStatus): SlaState {
  const clock = clockFor(status);
  return {
    clock,
    startedAt: now,
    pausedAt: clock === 'running' ? null : now,
    pausedTotalMs: 0,
    response: target(targets.responseMs, now, 0),
    resolution: target(targets.resolutionMs, now, 0),
  };
}

/** The due time that counts now: a paused clock pushes it on by the pause so far. */
export function effectiveDue(state: SlaState, t: SlaTargetState, now: number): number | null {
  if (t.dueAt === null) return null;
  return state.pausedAt === null ? t.dueAt : t.dueAt + Math.max(0, now - state.pausedAt);
}

/** Marks a target met at `now`; met after its effective due time, it is also breached (late). */
function meet(state: SlaState, t: SlaTargetState, now: number): SlaTargetState {
  if (t.targetMs === null || t.metAt !== null) return t;
  const due = effectiveDue(state, t, now);
  const late = due !== null && now > due;
  return { ...t, metAt: now, breachedAt: t.breachedAt ?? (late ? due : null) };
}

/** Folds the pause so far into the due times and total; the clock runs from `now`. */
function unpause(state: SlaState, now: number): SlaState {
  if (state.pausedAt === null) return state;
  const paused = Math.max(0, now - state.pausedAt);
  const shift = (t: SlaTargetState): SlaTargetState =>
    t.dueAt === null || t.metAt !== null ? t : { ...t, dueAt: t.dueAt + paused };
  return {
    ...state,
    clock: 'running',
    pausedAt: null,
    pausedTotalMs: state.pausedTotalMs + paused,
    response: shift(state.response),
    resolution: shift(state.resolution),
  };
}

/** The state after the ticket's status changes. */
export function onStatusChange(state: SlaState, from: TicketStatus, to: TicketStatus, now: number): SlaState {
  const before = clockFor(from);
  const after = clockFor(to);
  let next = state;
  if (after === 'stopped' && before !== 'stopped') {
    next = { ...next, resolution: meet(next, next.resolution, now) };
  }
  if (before === 'stopped' && after !== 'stopped') {
    // Reopened: the resolution target is open again; the time it was resolved does not count.
    next = { ...next, resolution: { ...next.resolution, metAt: null } };
  }
  if (before === after) return next;
  if (after === 'running') return unpause(next, now);
  if (before === 'running') return { ...next, clock: after, pausedAt: now };
  return { ...next, clock: after };
}

/** The state after a technician's public reply: the first one meets the response target. */
export function onPublicReply(state: SlaState, now: number): SlaState {
  return { ...state, response: meet(state, state.response, now) };
}

/** New targets (e.g. after a priority change), counted from the clock's start, pauses excluded. */
export function retarget(state: SlaState, targets: SlaTargets): SlaState {
  const re = (t: SlaTargetState, ms: number | null): SlaTargetState =>
    t.metAt !== null
      ? t
      : {
          ...t,
          targetMs: ms,
          dueAt: ms === null ? null : state.startedAt + state.pausedTotalMs + ms,
          breachedAt: null,
        };
  return {
    ...state,
    response: re(state.response, targets.responseMs),
    resolution: re(state.resolution, targets.resolutionMs),
  };
}

/** Whether a target's deadline should be armed: running, unmet, not yet breached. */
export function armed(state: SlaState, t: SlaTargetState): boolean {
  return state.clock === 'running' && t.dueAt !== null && t.metAt === null && t.breachedAt === null;
}

/** The stored sort key: the earliest due time of an unmet target (null when nothing is due). */
export function nextDue(state: SlaState): number | null {
  if (state.clock === 'stopped') return null;
  const dues = [state.response, state.resolution]
    .filter((t) => t.metAt === null && t.dueAt !== null)
    .map((t) => t.dueAt as number);
  return dues.length ? Math.min(...dues) : null;
}

export type SlaTargetStatus = 'running' | 'paused' | 'stopped' | 'met' | 'breached';

export interface SlaTargetView {
  readonly targetMs: number;
  readonly dueAt: number;
  readonly leftMs: number | null;
  readonly metAt: number | null;
  readonly met: boolean;
  readonly breached: boolean;
  readonly status: SlaTargetStatus;
}

/** What a client shows for one target at `now`, or null when the ticket has no such target. */
export function viewTarget(state: SlaState, t: SlaTargetState, now: number): SlaTargetView | null {
  if (t.targetMs === null || t.dueAt === null) return null;
  const due = effectiveDue(state, t, now) as number;
  const breached = t.breachedAt !== null || (t.metAt === null && state.clock === 'running' && now >= due);
  const met = t.metAt !== null && !breached;
  const status: SlaTargetStatus = breached
    ? 'breached'
    : met
      ? 'met'
      : state.clock === 'running'
        ? 'running'
        : state.clock;
  return {
    targetMs: t.targetMs,
    dueAt: due,
    leftMs: t.metAt !== null ? null : due - now,
    metAt: t.metAt,
    met,
    breached,
    status,
  };
}
