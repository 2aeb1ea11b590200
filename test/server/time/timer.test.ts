/**
 * The technician's timer in the store, on SQLite and PostgreSQL: its arithmetic over a moved
 * clock, switching tickets, concurrent starts, and stops over 24 hours.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/server/store/store.js';
import type { TestDatabase, DbKind } from '../../helpers/desk.js';
import {
  pauseTimerOf,
  resumeTimerOf,
  startTimer,
  stopTimer,
  timerStatus,
} from '../../../src/server/services/time/timer.js';
import { showTicket } from '../../../src/server/services/tickets/detail.js';
import type { Actor } from '../../../src/server/services/actor.js';
import type { DeskError } from '../../../src/core/errors.js';
import { HOUR, MIN, T0, openTimeDesk, rejectsWith, rowCount } from './time-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('the timer on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let now: number;
  let admin: Actor;
  let sam: Actor;
  let kim: Actor;
  let printer: number;
  let vpn: number;
  let acme: number;

  const advance = (ms: number) => {
    now += ms;
  };
  const count = (table: Parameters<typeof rowCount>[1]) => rowCount(store, table);

  beforeEach(async () => {
    now = T0;
    ({ db, store, admin, sam, kim, printer, vpn, acme } = await openTimeDesk(kind, () => now));
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('sums start, pause, resume and stop over a moved clock into one entry', async () => {
    const started = await startTimer(store, sam, { ticketId: printer });
    expect(started.timer).toMatchObject({ state: 'running', ticket: { id: printer }, elapsedMs: 0 });
    advance(10 * MIN);
    expect((await timerStatus(store, sam)).timer?.elapsedMs).toBe(10 * MIN);
    const paused = await pauseTimerOf(store, sam);
    expect(paused.timer).toMatchObject({ state: 'paused', accumulatedMs: 10 * MIN, runningSince: null });
    advance(5 * MIN);
    expect((await timerStatus(store, sam)).timer?.elapsedMs).toBe(10 * MIN);
    expect((await pauseTimerOf(store, sam)).unchanged).toBe(true);
    const resumed = await resumeTimerOf(store, sam);
    expect(resumed.timer).toMatchObject({ state: 'running', accumulatedMs: 10 * MIN });
    expect(resumed.timer?.segments).toHaveLength(2);
    advance(20 * MIN);
    const stopped = await stopTimer(store, sam, { note: 'replaced the fuser', rate: 90 });
    expect(stopped.timer).toBeNull();
    expect(stopped.stopped?.durationMs).toBe(30 * MIN);
    expect(stopped.stopped?.entry).toMatchObject({
      ticket: { id: printer, title: 'Printer jam' },
      technician: { id: sam.id, name: 'Sam' },
      durationMs: 30 * MIN,
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 35 * MIN).toISOString(),
      source: 'timer',
      billable: true,
      rate: 90,
      amount: 45,
      note: 'replaced the fuser',
    });
    expect((await timerStatus(store, sam)).timer).toBeNull();
    expect(await count('time_timers')).toBe(0);
    const events = await store.db
      .selectFrom('events')
      .select(['type', 'company_id', 'technician_id'])
      .where('type', 'like', 'time.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'time.timer.started',
      'time.timer.paused',
      'time.timer.resumed',
      'time.entry.created',
      'time.timer.stopped',
    ]);
    expect(events.every((e) => e.company_id === acme && e.technician_id === sam.id)).toBe(true);
    const detail = await showTicket(store, admin, printer);
    expect(detail.time?.totals).toEqual({
      entries: 1,
      durationMs: 30 * MIN,
      billableMs: 30 * MIN,
      nonBillableMs: 0,
      amount: 45,
    });
    expect(detail.activity.filter((a) => a.field === 'time').map((a) => a.newValue)).toEqual([
      expect.stringMatching(/^entry \d+: 30m billable at 90\.00\/h, Sam/),
    ]);
  });

  it('starting on another ticket stops the running timer first and writes its entry', async () => {
    await startTimer(store, sam, { ticketId: printer });
    advance(12 * MIN);
    const switched = await startTimer(store, sam, { ticketId: vpn });
    expect(switched.stopped).toMatchObject({ ticket: { id: printer }, durationMs: 12 * MIN });
    expect(switched.stopped?.entry?.durationMs).toBe(12 * MIN);
    expect(switched.timer).toMatchObject({ ticket: { id: vpn }, state: 'running', elapsedMs: 0 });
    expect(await count('time_timers')).toBe(1);
    // Same ticket again: left alone while running, resumed when paused.
    advance(MIN);
    expect(await startTimer(store, sam, { ticketId: vpn })).toMatchObject({ unchanged: true, stopped: null });
    await pauseTimerOf(store, sam);
    advance(MIN);
    const again = await startTimer(store, sam, { ticketId: vpn });
    expect(again).toMatchObject({ unchanged: false, stopped: null, timer: { state: 'running', accumulatedMs: MIN } });
    // Each technician has their own timer.
    await startTimer(store, kim, { ticketId: printer });
    expect(await count('time_timers')).toBe(2);
  });

  it('concurrent starts leave exactly one timer per technician', async () => {
    const tickets = [printer, vpn, printer, vpn, printer, vpn];
    const results = await Promise.allSettled(tickets.map((ticketId) => startTimer(store, sam, { ticketId })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await count('time_timers')).toBe(1);
    // The clock did not move: no switch recorded any time.
    expect(await count('time_entries')).toBe(0);
    advance(5 * MIN);
    const stops = await Promise.allSettled([stopTimer(store, sam, {}), stopTimer(store, sam, {})]);
    expect(stops.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = stops.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as DeskError).code).toBe('conflict');
    expect(await count('time_entries')).toBe(1);
  });

  it('refuses a stop over 24 hours without force, and records it with force or discards it', async () => {
    await startTimer(store, sam, { ticketId: printer });
    advance(25 * HOUR);
    await rejectsWith(stopTimer(store, sam, {}), 'invalid');
    await rejectsWith(startTimer(store, sam, { ticketId: vpn }), 'invalid');
    expect(await count('time_entries')).toBe(0);
    expect((await timerStatus(store, sam)).timer?.ticket.id).toBe(printer);
    const discarded = await stopTimer(store, sam, { discard: true });
    expect(discarded.stopped).toMatchObject({ discarded: true, entry: null, durationMs: 25 * HOUR });
    await startTimer(store, sam, { ticketId: printer });
    advance(25 * HOUR);
    const forced = await stopTimer(store, sam, { force: true });
    expect(forced.stopped?.entry?.durationMs).toBe(25 * HOUR);
    await rejectsWith(pauseTimerOf(store, sam), 'conflict');
    await rejectsWith(stopTimer(store, sam, {}), 'conflict');
  });
});
