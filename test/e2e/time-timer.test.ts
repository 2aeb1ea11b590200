/**
 * `desk time start/pause/resume/stop`: the timer against a real server on a manual clock, on the
 * event stream, and through a server restart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { MIN, useTimeDesk, type Action, type Entry, type Timer } from '../helpers/time-cli.js';

describe('desk time against a real server with a test clock', () => {
  const td = useTimeDesk('process');
  const { advance, asSam, samJson, ticket } = td;
  let printer: number;
  let vpn: number;
  beforeAll(async () => {
    printer = await ticket('Printer jam');
    vpn = await ticket('VPN down');
  });

  it('start, pause, resume and stop sum exactly the time the clock moved', async () => {
    const start = await asSam(['time', 'start', String(printer)]);
    expect(start.code).toBe(0);
    expect(start.stderr).toContain(`Timer started on #${printer} Printer jam`);
    await advance(10 * MIN);
    expect((await samJson<{ timer: Timer }>(['time', 'status'])).timer).toMatchObject({
      state: 'running',
      elapsedMs: 10 * MIN,
    });
    const paused = await asSam(['time', 'pause']);
    expect(paused.stderr).toContain(`Paused the timer on #${printer} at 10m`);
    await advance(7 * MIN);
    const pausedStatus = await samJson<{ timer: Timer }>(['time', 'status']);
    expect(pausedStatus.timer).toMatchObject({ state: 'paused', elapsedMs: 10 * MIN, accumulatedMs: 10 * MIN });
    await samJson(['time', 'resume']);
    await advance(20 * MIN);
    const piped = await asSam(['time', 'status']);
    expect(piped.stdout).toBe(`running\t${printer}\t30m\tPrinter jam\n`);
    const stopped = await samJson<Action>(['time', 'stop', '--note', 'replaced the fuser', '--rate', '90']);
    expect(stopped.timer).toBeNull();
    expect(stopped.stopped?.entry).toMatchObject({
      ticket: { id: printer },
      technician: { id: td.sam.id, name: 'Sam' },
      durationMs: 30 * MIN,
      source: 'timer',
      billable: true,
      rate: 90,
      amount: 45,
      note: 'replaced the fuser',
    });
    const e = stopped.stopped!.entry!;
    expect(Date.parse(e.endedAt) - Date.parse(e.startedAt)).toBe(37 * MIN);
    const none = await asSam(['time', 'status']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect((await asSam(['time', 'stop'])).code).toBe(5);
  });

  it('starting on another ticket stops the running timer first and says so', async () => {
    await samJson(['time', 'start', String(printer)]);
    await advance(5 * MIN);
    const again = await asSam(['time', 'start', String(printer)]);
    expect(again.stderr).toContain('already running');
    const switched = await asSam(['time', 'start', String(vpn)]);
    expect(switched.code).toBe(0);
    expect(switched.stderr).toMatch(new RegExp(`Stopped the timer on #${printer}: 5m recorded as time entry \\d+`));
    expect(switched.stderr).toContain(`Timer started on #${vpn} VPN down`);
    const status = await samJson<{ timer: Timer }>(['time', 'status']);
    expect(status.timer).toMatchObject({ ticket: { id: vpn }, state: 'running', elapsedMs: 0 });
    await advance(2 * MIN);
    const json = await samJson<Action>(['time', 'start', String(printer)]);
    expect(json.stopped).toMatchObject({ ticket: { id: vpn }, durationMs: 2 * MIN });
    expect(json.timer?.ticket.id).toBe(printer);
    const stop = await asSam(['time', 'stop', '--no-billable']);
    expect(stop.stderr).toContain('no time had run, nothing recorded');
    const list = await samJson<{ items: Entry[] }>(['time', 'list', '--technician', 'me']);
    expect(list.items.slice(0, 2).map((x) => [x.ticket.id, x.durationMs])).toEqual([
      [vpn, 2 * MIN],
      [printer, 5 * MIN],
    ]);
  });

  it('announces timer and entry changes on the event stream, addressed to the technician', async () => {
    const t = await ticket('Streamed');
    const stream = new EventStream({ server: td.desk.server.url, token: td.sam.token, since: 0 });
    const events: DeskEvent[] = [];
    const ready = new Promise<void>((resolve) => stream.once('ready', () => resolve()));
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${events.length} events`)), 15_000);
      stream.on('event', (e) => {
        if (!e.type.startsWith('time.') || (e.data as { ticketId?: number }).ticketId !== t) return;
        events.push(e);
        if (e.type === 'time.timer.stopped') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    stream.start();
    await ready;
    await samJson(['time', 'start', String(t)]);
    await samJson(['time', 'pause']);
    await samJson(['time', 'resume']);
    await advance(MIN);
    await samJson(['time', 'stop']);
    await done;
    stream.stop();
    expect(events.map((e) => e.type)).toEqual([
      'time.timer.started',
      'time.timer.paused',
      'time.timer.resumed',
      'time.timer.stopped',
    ]);
    expect(events.every((e) => e.companyId === td.company && e.data.technicianId === td.sam.id)).toBe(true);
  });

  it('keeps the timer through a server restart (SIGKILL)', async () => {
    const t = await ticket('Survives');
    await samJson(['time', 'start', String(t)]);
    await advance(10 * MIN);
    await samJson(['time', 'pause']);
    const port = td.desk.server.port;
    await td.desk.server.stop('SIGKILL');
    await td.desk.server.start(port);
    // The restarted server's manual clock starts again at real now; a paused timer does not depend on it.
    const status = await samJson<{ timer: Timer }>(['time', 'status']);
    expect(status.timer).toMatchObject({ ticket: { id: t }, state: 'paused', accumulatedMs: 10 * MIN });
    expect(status.timer.segments).toHaveLength(1);
    await samJson(['time', 'resume']);
    await advance(5 * MIN);
    const stopped = await samJson<Action>(['time', 'stop']);
    expect(stopped.stopped?.entry?.durationMs).toBe(15 * MIN);

    // A running timer is still running after a restart.
    await samJson(['time', 'start', String(t)]);
    await td.desk.server.stop('SIGKILL');
    await td.desk.server.start(port);
    const running = await samJson<{ timer: Timer }>(['time', 'status']);
    expect(running.timer).toMatchObject({ ticket: { id: t }, state: 'running' });
    await samJson(['time', 'stop', '--discard']);
  });
});
