/**
 * `desk time` against a real server on a manual clock (`--test-clock`): the
 * clock is moved through the API instead of sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { startDesk, type Desk, type RunResult } from '../helpers/desk.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Entry {
  id: number;
  ticket: { id: number; title: string };
  technician: { id: number; name: string };
  startedAt: string;
  endedAt: string;
  durationMs: number;
  rate: number | null;
  billable: boolean;
  amount: number;
  note: string | null;
  source: string;
}
interface Timer {
  ticket: { id: number };
  state: string;
  accumulatedMs: number;
  elapsedMs: number;
  segments: unknown[];
}
interface Totals {
  entries: number;
  durationMs: number;
  billableMs: number;
  nonBillableMs: number;
  amount: number;
}
interface Action {
  timer: Timer | null;
  stopped: { ticket: { id: number }; durationMs: number; entry: Entry | null } | null;
  unchanged: boolean;
}

describe('desk time against a real server with a test clock', () => {
  let desk: Desk;
  let company: number;
  let printer: number;
  let vpn: number;
  let sam: { id: number; token: string };
  let kim: { id: number; token: string };

  async function clock(body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${desk.server.url}/v1/test/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { now: string }).now;
  }
  const advance = (ms: number) => clock({ advanceMs: ms });
  const asSam = (args: string[], env: Record<string, string> = {}) => desk.run(args, { token: sam.token, env });
  const samJson = <T>(args: string[]) => desk.json<T>(args, { token: sam.token });
  const ticket = async (title: string) =>
    (await desk.json<{ id: number }>(['tickets', 'create', '--title', title, '--company', String(company)])).id;
  const parse = <T>(r: RunResult): T => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    desk = await startDesk('sqlite', ['--quiet', '--test-clock']);
    await clock({ now: '2030-01-07T09:00:00.000Z' });
    company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    printer = await ticket('Printer jam');
    vpn = await ticket('VPN down');
    const add = (name: string) =>
      desk.json<{ id: number; token: string }>([
        'admin',
        'technicians',
        'add',
        '--name',
        name,
        '--email',
        `${name.toLowerCase()}@example.com`,
      ]);
    sam = await add('Sam');
    kim = await add('Kim');
    await desk.json(['admin', 'grant', String(sam.id), String(company)]);
    await desk.json(['admin', 'grant', String(kim.id), String(company)]);
  });
  afterAll(async () => {
    await desk?.close();
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
      technician: { id: sam.id, name: 'Sam' },
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

  it('adds manual entries with every duration form, and from a start and end', async () => {
    const t = await ticket('Forms');
    for (const form of ['90m', '1h30m', '1.5h', '01:30', '1h 30m']) {
      const e = await samJson<Entry>(['time', 'add', String(t), '--duration', form]);
      expect(e.durationMs, form).toBe(90 * MIN);
      expect(e.source).toBe('manual');
    }
    const span = parse<Entry>(
      await asSam(['time', 'add', String(t), '--date', '2030-01-06', '--start', '09:00', '--end', '10:15', '--json'], {
        TZ: 'UTC',
      }),
    );
    expect(span).toMatchObject({ startedAt: '2030-01-06T09:00:00.000Z', durationMs: 75 * MIN });
    const iso = await samJson<Entry>([
      'time',
      'add',
      String(t),
      '--start',
      '2030-01-05T10:00:00+01:00',
      '--duration',
      '45m',
      '--no-billable',
      '--note',
      'remote session',
    ]);
    expect(iso).toMatchObject({
      startedAt: '2030-01-05T09:00:00.000Z',
      endedAt: '2030-01-05T09:45:00.000Z',
      billable: false,
      note: 'remote session',
    });
    const piped = await asSam(['time', 'add', String(t), '--duration', '10m']);
    expect(piped.stdout).toMatch(/^\d+\n$/);
    expect(piped.stderr).toContain(`Added 10m to #${t} for Sam`);
    const list = await samJson<{ items: Entry[]; totals: Totals }>(['time', 'list', '--ticket', String(t)]);
    expect(list.totals).toEqual({
      entries: 8,
      durationMs: 5 * 90 * MIN + 75 * MIN + 45 * MIN + 10 * MIN,
      billableMs: 5 * 90 * MIN + 75 * MIN + 10 * MIN,
      nonBillableMs: 45 * MIN,
      amount: 0,
    });
  });

  it('takes the default duration of a manual entry from the admin setting', async () => {
    const t = await ticket('Defaults');
    expect((await samJson<Entry>(['time', 'add', String(t)])).durationMs).toBe(15 * MIN);
    expect((await desk.run(['admin', 'settings', 'set', 'time.default-duration', '25m'])).code).toBe(0);
    expect((await desk.run(['admin', 'settings', 'get', 'time.default-duration'])).stdout).toBe('25m\n');
    expect((await samJson<Entry>(['time', 'add', String(t)])).durationMs).toBe(25 * MIN);
    expect((await asSam(['admin', 'settings', 'set', 'time.default-duration', '5m'])).code).toBe(4);
    expect((await desk.run(['admin', 'settings', 'set', 'time.default-duration', 'soon'])).code).toBe(5);
    expect((await desk.run(['admin', 'settings', 'set', 'time.no-such-key', '5m'])).code).toBe(5);
    expect((await desk.run(['admin', 'settings', 'unset', 'time.default-duration'])).code).toBe(0);
    expect((await samJson<Entry>(['time', 'add', String(t)])).durationMs).toBe(15 * MIN);
  });

  it('lets only the owner or an admin edit or delete an entry, and logs each change', async () => {
    const t = await ticket('Permissions');
    const e = await samJson<Entry>(['time', 'add', String(t), '--duration', '1h', '--note', 'first look']);
    const kimEdit = await desk.run(['time', 'edit', String(e.id), '--duration', '3h'], { token: kim.token });
    expect(kimEdit.code).toBe(4);
    expect(kimEdit.stderr).toContain('only the technician who owns');
    expect((await desk.run(['time', 'rm', String(e.id)], { token: kim.token })).code).toBe(4);
    expect((await asSam(['time', 'edit', String(e.id), '--technician', String(kim.id)])).code).toBe(4);
    const edited = await samJson<Entry>(['time', 'edit', String(e.id), '--duration', '2h', '--rate', '80']);
    expect(edited).toMatchObject({ durationMs: 2 * HOUR, rate: 80, amount: 160, startedAt: e.startedAt });
    const byAdmin = await desk.json<Entry>(['time', 'edit', String(e.id), '--no-billable', '--note', '']);
    expect(byAdmin).toMatchObject({ billable: false, amount: 0, note: null, technician: { id: sam.id } });
    expect((await asSam(['time', 'edit', String(e.id)])).code).toBe(2);
    const removed = await asSam(['time', 'rm', String(e.id)]);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain(`Deleted time entry ${e.id}`);
    expect((await asSam(['time', 'rm', String(e.id)])).code).toBe(3);
    const shown = await desk.json<{
      activity: Array<{ field: string; actor: { name: string }; newValue: string | null }>;
    }>(['tickets', 'show', String(t)]);
    const log = shown.activity.filter((a) => a.field === 'time');
    expect(log.map((a) => a.actor.name)).toEqual(['Sam', 'Sam', 'Ada Admin', 'Sam']);
    expect(log[0]?.newValue).toContain('1h billable');
    expect(log[1]?.newValue).toContain('2h billable at 80.00/h');
    expect(log[2]?.newValue).toContain('2h non-billable');
    expect(log[3]?.newValue).toBeNull();
  });

  it('refuses bad input with exit 5 and changes nothing', async () => {
    const t = await ticket('Bad input');
    const e = await samJson<Entry>(['time', 'add', String(t), '--duration', '30m']);
    await samJson(['time', 'start', String(t)]);
    await advance(3 * MIN);
    const snapshot = async () => ({
      list: await samJson<{ items: Entry[]; totals: Totals }>(['time', 'list', '--ticket', String(t)]),
      status: await samJson<{ timer: Timer }>(['time', 'status']),
      activity: (await desk.json<{ activity: unknown[] }>(['tickets', 'show', String(t)])).activity.length,
    });
    const before = await snapshot();
    const bad: string[][] = [
      ['time', 'add', String(t), '--start', '2030-01-07T10:00', '--end', '2030-01-07T09:00'],
      ['time', 'add', String(t), '--start', '2030-01-07T10:00', '--end', '2030-01-07T10:00'],
      ['time', 'add', String(t), '--duration', '0m'],
      ['time', 'add', String(t), '--duration=-1h'],
      ['time', 'add', String(t), '--duration', 'abc'],
      ['time', 'add', String(t), '--duration', '25h'],
      ['time', 'add', String(t), '--duration', '1h', '--rate', 'lots'],
      ['time', 'add', String(t), '--start', '2030-02-30T10:00', '--duration', '1h'],
      ['time', 'add', '999999', '--duration', '1h'],
      ['time', 'start', '999999'],
      ['time', 'edit', String(e.id), '--duration', '0m'],
      ['time', 'edit', String(e.id), '--duration', '25h'],
      ['time', 'edit', String(e.id), '--ticket', '999999'],
      ['time', 'edit', String(e.id), '--start', '2030-01-07T10:00', '--end', '2030-01-07T09:00'],
      ['time', 'list', '--from', 'yesterday-ish'],
      ['time', 'report', '--from', '2030-01-08', '--to', '2030-01-07'],
    ];
    for (const args of bad) {
      const r = await asSam(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toMatch(/^error: /);
    }
    expect(await snapshot()).toEqual(before);
    // Over 24 hours is fine with --force.
    expect((await samJson<Entry>(['time', 'add', String(t), '--duration', '25h', '--force'])).durationMs).toBe(
      25 * HOUR,
    );
    await samJson(['time', 'stop', '--discard']);
  });

  it('shows a ticket with its time entries and totals', async () => {
    const t = await ticket('Shown with time');
    await samJson(['time', 'add', String(t), '--duration', '1h', '--rate', '100']);
    await desk.json(['time', 'add', String(t), '--duration', '30m', '--no-billable', '--note', 'call +447966197542']);
    const detail = await desk.json<{ time: { entries: Entry[]; totals: Totals } }>(['tickets', 'show', String(t)]);
    expect(detail.time.totals).toEqual({
      entries: 2,
      durationMs: 90 * MIN,
      billableMs: HOUR,
      nonBillableMs: 30 * MIN,
      amount: 100,
    });
    expect(detail.time.entries.map((x) => x.technician.name)).toEqual(['Sam', 'Ada Admin']);
    expect(detail.time.entries[1]?.note).toBe('call *********7542');
    const human = await desk.run(['tickets', 'show', String(t)]);
    expect(human.stdout).toContain('Time (1h30m)');
    expect(human.stdout).toContain('1h  billable · 100.00/h → 100.00');
    expect(human.stdout).toContain('total: 1h30m in 2 entries (1h billable, 30m non-billable), amount 100.00');
    expect(human.stdout).not.toContain('7966197542');
  });

  it('reports totals per ticket, technician and day as JSON and CSV', async () => {
    const a = await ticket('Report A');
    const b = await ticket('Report B, "quoted"');
    const add = (token: string, id: number, start: string, duration: string, ...extra: string[]) =>
      desk.json(['time', 'add', String(id), '--start', start, '--duration', duration, ...extra], { token });
    await add(sam.token, a, '2030-01-01T08:00:00Z', '1h', '--rate', '90');
    await add(sam.token, a, '2030-01-01T13:00:00Z', '30m', '--rate', '90', '--no-billable');
    await add(kim.token, a, '2030-01-02T10:00:00Z', '1h30m', '--rate', '100');
    await add(kim.token, b, '2030-01-02T15:00:00Z', '20m', '--rate', '90');
    const range = ['--from', '2030-01-01', '--to', '2030-01-02'];
    const env = { TZ: 'UTC' };
    const report = parse<{
      totals: Totals;
      byTicket: Array<Totals & { ticket: { id: number } }>;
      byTechnician: Array<Totals & { technician: { name: string } }>;
      byDay: Array<Totals & { day: string }>;
    }>(await desk.run(['time', 'report', ...range, '--json'], { env }));
    expect(report.totals).toEqual({
      entries: 4,
      durationMs: 200 * MIN,
      billableMs: 170 * MIN,
      nonBillableMs: 30 * MIN,
      amount: 270,
    });
    expect(report.byTicket.map((x) => [x.ticket.id, x.durationMs, x.amount])).toEqual([
      [a, 180 * MIN, 240],
      [b, 20 * MIN, 30],
    ]);
    expect(report.byTechnician.map((x) => [x.technician.name, x.durationMs, x.billableMs, x.amount])).toEqual([
      ['Sam', 90 * MIN, 60 * MIN, 90],
      ['Kim', 110 * MIN, 110 * MIN, 180],
    ]);
    expect(report.byDay.map((x) => [x.day, x.durationMs, x.amount])).toEqual([
      ['2030-01-01', 90 * MIN, 90],
      ['2030-01-02', 110 * MIN, 180],
    ]);
    const kimOnly = parse<{ totals: Totals }>(
      await desk.run(['time', 'report', ...range, '--technician', String(kim.id), '--json'], { env }),
    );
    expect(kimOnly.totals.durationMs).toBe(110 * MIN);
    const mine = parse<{ totals: Totals }>(
      await desk.run(['time', 'report', ...range, '--technician', 'me', '--ticket', String(a), '--json'], {
        token: sam.token,
        env,
      }),
    );
    expect(mine.totals).toMatchObject({ entries: 2, durationMs: 90 * MIN, amount: 90 });
    const csv = await desk.run(['time', 'report', ...range, '--csv'], { env });
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'group,id,name,entries,hours,billable_hours,non_billable_hours,amount',
      `ticket,${a},Report A,3,3.00,2.50,0.50,240.00`,
      `ticket,${b},"Report B, ""quoted""",1,0.33,0.33,0.00,30.00`,
      `technician,${sam.id},Sam,2,1.50,1.00,0.50,90.00`,
      `technician,${kim.id},Kim,2,1.83,1.83,0.00,180.00`,
      'day,2030-01-01,,2,1.50,1.00,0.50,90.00',
      'day,2030-01-02,,2,1.83,1.83,0.00,180.00',
      'total,,,4,3.33,2.83,0.50,270.00',
    ]);
    expect((await desk.run(['time', 'report', '--csv', '--json'])).code).toBe(2);
  });

  it('announces timer and entry changes on the event stream, addressed to the technician', async () => {
    const t = await ticket('Streamed');
    const stream = new EventStream({ server: desk.server.url, token: sam.token, since: 0 });
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
    expect(events.every((e) => e.companyId === company && e.data.technicianId === sam.id)).toBe(true);
  });

  it('keeps the timer through a server restart (SIGKILL)', async () => {
    const t = await ticket('Survives');
    await samJson(['time', 'start', String(t)]);
    await advance(10 * MIN);
    await samJson(['time', 'pause']);
    const port = desk.server.port;
    await desk.server.stop('SIGKILL');
    await desk.server.start(port);
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
    await desk.server.stop('SIGKILL');
    await desk.server.start(port);
    const running = await samJson<{ timer: Timer }>(['time', 'status']);
    expect(running.timer).toMatchObject({ ticket: { id: t }, state: 'running' });
    await samJson(['time', 'stop', '--discard']);
  });
});
