/** `desk time add|edit|rm` in-process: spans from flags, the bodies sent, refusals before sending. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { entry, me } from '../../helpers/cli-fixtures.js';

process.env.TZ = 'UTC';

const MIN = 60_000;
const added = () => new FakeTransport().on('POST', '/v1/time/entries', json(entry(), 201));

describe('desk time add', () => {
  it.each(['90m', '1h30m', '1.5h', '01:30', '1h 30m'])('takes the duration %s', async (form) => {
    const http = added();
    const res = await runCli(['time', 'add', '12', '--duration', form], { transport: http });
    http.verify();
    expect(res.requests[0]?.body).toEqual({
      ticketId: 12,
      durationMs: 90 * MIN,
      force: false,
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('prints the entry id when piped and says what it added', async () => {
    const res = await runCli(['time', 'add', '12'], { transport: added() });
    expect(res).toMatchObject({
      code: 0,
      stdout: '30\n',
      stderr: '✓ Added 1h30m to #12 for Sam Tech (time entry 30)\n',
    });
  });

  it('turns --date, --start and --end into instants in the local time zone', async () => {
    const http = added();
    await runCli(['time', 'add', '12', '--date', '2030-01-06', '--start', '09:00', '--end', '10:15'], {
      transport: http,
    });
    expect(http.requests[0]?.body).toMatchObject({
      startedAt: '2030-01-06T09:00:00.000Z',
      endedAt: '2030-01-06T10:15:00.000Z',
    });
  });

  it('sends an ISO start with its offset, a rate, a note, non-billable, a technician and --force', async () => {
    const http = added();
    await runCli(
      [
        'time',
        'add',
        '12',
        '--start',
        '2030-01-05T10:00:00+01:00',
        '--duration',
        '45m',
        '--no-billable',
        '--note',
        'remote session',
        '--rate',
        'none',
        '--technician',
        '2',
        '--force',
      ],
      { transport: http },
    );
    expect(http.requests[0]?.body).toEqual({
      ticketId: 12,
      startedAt: '2030-01-05T09:00:00.000Z',
      durationMs: 45 * MIN,
      technicianId: 2,
      rate: null,
      billable: false,
      note: 'remote session',
      force: true,
      clientId: expect.any(String),
    });
  });

  it('starts a --date alone at that day’s midnight, and --date yesterday from the clock', async () => {
    const http = added();
    await runCli(['time', 'add', '12', '--date', 'yesterday'], { transport: http });
    expect(http.requests[0]?.body).toMatchObject({ startedAt: '2030-01-06T00:00:00.000Z' });
  });

  it.each([
    [['--start', '2030-01-07T10:00', '--end', '2030-01-07T09:00'], '--end is before --start'],
    [['--start', '2030-01-07T10:00', '--end', '2030-01-07T10:00'], 'the duration would be zero'],
    [['--duration', '0m'], '--duration must be more than zero'],
    [['--duration=-1h'], '--duration must be a duration such as 90m'],
    [['--duration', 'abc'], '--duration must be a duration such as 90m'],
    [['--duration', '1h', '--rate', 'lots'], '--rate must be an amount per hour'],
    [['--start', '2030-02-30T10:00', '--duration', '1h'], '"2030-02-30T10:00" is not a calendar date'],
    [['--start', '25:00'], '"25:00" is not a time of day'],
    [['--date', 'someday'], '--date must be a date such as 2026-03-14'],
    [['--technician', 'bob'], '--technician takes me or a technician id'],
  ])('refuses %j with exit 5 before sending anything', async (flags, message) => {
    const res = await runCli(['time', 'add', '12', ...flags]);
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });

  it("passes on the server's refusal of an entry over 24 hours", async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/time/entries',
      apiError(400, 'durationMs: over 24 hours; add --force', 'durationMs'),
    );
    const res = await runCli(['time', 'add', '12', '--duration', '25h'], { transport: http });
    expect(res).toMatchObject({ code: 5, stdout: '', stderr: 'error: durationMs: over 24 hours; add --force\n' });
  });
});

describe('desk time edit', () => {
  it('sends only the changes; an empty --note clears it', async () => {
    const http = new FakeTransport().on('PATCH', '/v1/time/entries/30', json(entry({ rate: 80 })));
    const res = await runCli(['time', 'edit', '30', '--duration', '2h', '--rate', '80', '--note', ''], {
      transport: http,
    });
    http.verify();
    expect(res.requests[0]?.body).toEqual({ durationMs: 2 * 60 * MIN, rate: 80, note: null, force: false });
    expect(res.stderr).toBe('✓ Updated time entry 30: 1h30m on #12\n');
  });

  it('moves an entry to me by asking who I am', async () => {
    const http = new FakeTransport().on('GET', '/v1/me', json(me())).on('PATCH', '/v1/time/entries/30', json(entry()));
    const res = await runCli(['time', 'edit', '30', '--technician', 'me', '--ticket', '13'], { transport: http });
    http.verify();
    expect(res.requests[1]?.body).toEqual({ ticketId: 13, technicianId: 1, force: false });
  });

  it.each([
    [['30'], 2, 'nothing to change'],
    [['x', '--duration', '1h'], 5, 'time entry id must be a positive integer'],
    [['30', '--duration', '0m'], 5, '--duration must be more than zero'],
    [['30', '--ticket', 'abc'], 5, '--ticket must be a positive integer'],
    [['30', '--start', '2030-01-07T10:00', '--end', '2030-01-07T09:00'], 5, '--end is before --start'],
  ])('refuses %j (exit %i) before sending anything', async (args, code, message) => {
    const res = await runCli(['time', 'edit', ...args]);
    expect(res.code).toBe(code);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });

  it("maps the server's refusal of someone else's entry to exit 4", async () => {
    const http = new FakeTransport().on(
      'PATCH',
      '/v1/time/entries/30',
      apiError(403, 'only the technician who owns the entry or an admin may change it'),
    );
    const res = await runCli(['time', 'edit', '30', '--duration', '3h'], { transport: http });
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('only the technician who owns');
  });
});

describe('desk time rm', () => {
  it('deletes and says what went', async () => {
    const http = new FakeTransport().on('DELETE', '/v1/time/entries/30', json({ deleted: 30, entry: entry() }));
    const res = await runCli(['time', 'rm', '30'], { transport: http });
    http.verify();
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '✓ Deleted time entry 30 (1h30m on #12)\n' });
  });

  it('answers a missing entry with exit 3', async () => {
    const http = new FakeTransport().on('DELETE', '/v1/time/entries/30', apiError(404, 'time entry 30 not found'));
    expect((await runCli(['time', 'delete', '30'], { transport: http })).code).toBe(3);
  });
});
