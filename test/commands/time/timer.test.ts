/** `desk time start|pause|resume|stop|status` in-process: what each sends, says and prints. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { entry, timer, timerAction } from '../../helpers/cli-fixtures.js';

process.env.TZ = 'UTC';

const MIN = 60_000;

describe('desk time start', () => {
  it('starts the timer and names the ticket', async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/time/timer/start',
      json(timerAction({ timer: timer({ elapsedMs: 0 }) })),
    );
    const res = await runCli(['time', 'start', '12'], { transport: http });
    http.verify();
    expect(res.requests[0]?.body).toEqual({ ticketId: 12, force: false });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '✓ Timer started on #12 Printer jam\n' });
  });

  it('says which timer it stopped first, and sends --force', async () => {
    const stopped = { ticket: { id: 13, title: 'VPN down' }, durationMs: 5 * MIN, entry: entry(), discarded: false };
    const http = new FakeTransport().on(
      'POST',
      '/v1/time/timer/start',
      json(timerAction({ timer: timer({ elapsedMs: 0 }), stopped })),
    );
    const res = await runCli(['time', 'start', '12', '--force'], { transport: http });
    expect(res.requests[0]?.body).toEqual({ ticketId: 12, force: true });
    expect(res.stderr).toBe(
      '✓ Stopped the timer on #13: 5m recorded as time entry 30\n✓ Timer started on #12 Printer jam\n',
    );
  });

  it.each([
    [{ unchanged: true }, {}, 'The timer is already running on #12 (25m)'],
    [{}, { accumulatedMs: 10 * MIN }, 'Resumed the timer on #12 (25m so far)'],
  ])('tells %j apart', async (action, over, said) => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/time/timer/start',
      json(timerAction({ ...action, timer: timer(over) })),
    );
    expect((await runCli(['time', 'start', '12'], { transport: http })).stderr).toBe(`✓ ${said}\n`);
  });

  it('refuses a bad ticket id before sending anything, and maps a missing one to exit 3', async () => {
    expect(await runCli(['time', 'start', 'abc'])).toMatchObject({ code: 5, requests: [] });
    const http = new FakeTransport().on('POST', '/v1/time/timer/start', apiError(404, 'ticket 999999 not found'));
    expect(await runCli(['time', 'start', '999999'], { transport: http })).toMatchObject({
      code: 3,
      stderr: 'error: ticket 999999 not found\n',
    });
  });
});

describe('desk time pause and resume', () => {
  it.each([
    ['pause', { state: 'paused' as const, runningSince: null }, 'Paused the timer on #12 at 25m'],
    ['resume', {}, 'Resumed the timer on #12 at 25m'],
  ])('%s', async (verb, over, said) => {
    const http = new FakeTransport().on('POST', `/v1/time/timer/${verb}`, json(timerAction({ timer: timer(over) })));
    const res = await runCli(['time', verb], { transport: http });
    http.verify();
    expect(res.requests[0]?.body).toEqual({});
    expect(res.stderr).toBe(`✓ ${said}\n`);
  });

  it('says when nothing changed', async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/time/timer/pause',
      json(timerAction({ timer: timer({ state: 'paused' }), unchanged: true })),
    );
    expect((await runCli(['time', 'pause'], { transport: http })).stderr).toBe(
      '✓ The timer on #12 is already paused (25m)\n',
    );
  });
});

describe('desk time stop', () => {
  const stopped = { ticket: { id: 12, title: 'Printer jam' }, durationMs: 30 * MIN, entry: entry(), discarded: false };

  it('records the entry: its id on stdout when piped, the words on stderr', async () => {
    const http = new FakeTransport().on('POST', '/v1/time/timer/stop', json(timerAction({ stopped })));
    const res = await runCli(['time', 'stop', '--note', 'fuser', '--rate', '90', '--no-billable'], {
      transport: http,
    });
    http.verify();
    expect(res.requests[0]?.body).toEqual({ note: 'fuser', billable: false, rate: 90, force: false, discard: false });
    expect(res).toMatchObject({
      code: 0,
      stdout: '30\n',
      stderr: '✓ Stopped the timer on #12: 30m recorded as time entry 30\n',
    });
  });

  it('prints nothing on stdout on a terminal; --json prints the masked action', async () => {
    const tty = new FakeTransport().on('POST', '/v1/time/timer/stop', json(timerAction({ stopped })));
    expect((await runCli(['time', 'stop'], { transport: tty, tty: true })).stdout).toBe('');
    const note = { ...stopped, entry: entry({ note: 'call +447966197542' }) };
    const asJson = new FakeTransport().on('POST', '/v1/time/timer/stop', json(timerAction({ stopped: note })));
    const out = JSON.parse((await runCli(['time', 'stop', '--json'], { transport: asJson })).stdout);
    expect(out.stopped.entry.note).toBe('call *********7542');
  });

  it('discards, saying how much', async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/time/timer/stop',
      json(timerAction({ stopped: { ...stopped, entry: null, discarded: true } })),
    );
    const res = await runCli(['time', 'stop', '--discard'], { transport: http });
    expect(res.requests[0]?.body).toMatchObject({ discard: true });
    expect(res.stderr).toBe('✓ Stopped the timer on #12 and discarded 30m\n');
  });

  it.each([
    [['--discard', '--note', 'x'], '--discard records nothing: leave out --note, --rate and --billable'],
    [['--rate', 'lots'], '--rate must be an amount per hour'],
  ])('refuses %j with exit 5 before sending anything', async (flags, message) => {
    const res = await runCli(['time', 'stop', ...flags]);
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });

  it('answers "no timer" from the server with exit 5', async () => {
    const http = new FakeTransport().on('POST', '/v1/time/timer/stop', apiError(409, 'no timer is running'));
    expect(await runCli(['time', 'stop'], { transport: http })).toMatchObject({ code: 5 });
  });
});

describe('desk time status', () => {
  const status = (t: ReturnType<typeof timer> | null) => json({ timer: t, now: '2030-01-07T09:00:00.000Z' });

  it('prints state, ticket, time and title tab-separated when piped', async () => {
    const http = new FakeTransport().on('GET', '/v1/time/timer', status(timer()));
    expect((await runCli(['time', 'status'], { transport: http })).stdout).toBe('running\t12\t25m\tPrinter jam\n');
  });

  it('prints one line on a terminal', async () => {
    const http = new FakeTransport().on('GET', '/v1/time/timer', status(timer()));
    expect((await runCli(['time', 'status'], { transport: http, tty: true })).stdout).toBe(
      'running · #12 Printer jam · 25m (started 2030-01-07 08:35)\n',
    );
  });

  it('without a timer: a hint on a terminal, nothing piped, null in JSON', async () => {
    const none = () => new FakeTransport().on('GET', '/v1/time/timer', status(null));
    expect(await runCli(['time', 'status'], { transport: none(), tty: true })).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'No timer. Start one with `desk time start TICKET`.\n',
    });
    expect(await runCli(['time', 'status'], { transport: none() })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const out = JSON.parse((await runCli(['time', 'status', '--json'], { transport: none() })).stdout);
    expect(out).toEqual({ timer: null, now: '2030-01-07T09:00:00.000Z' });
  });
});
