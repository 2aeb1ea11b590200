/**
 * `desk time add/edit/rm/list`: manual time entries against a real server on a manual clock, and
 * the time shown on a ticket.
 */
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, useTimeDesk, type Entry, type Timer, type Totals } from '../helpers/time-cli.js';

describe('desk time against a real server with a test clock', () => {
  const td = useTimeDesk('in-process');
  const { advance, asSam, samJson, ticket, parse } = td;

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
    expect((await td.desk.run(['admin', 'settings', 'set', 'time.default-duration', '25m'])).code).toBe(0);
    expect((await td.desk.run(['admin', 'settings', 'get', 'time.default-duration'])).stdout).toBe('25m\n');
    expect((await samJson<Entry>(['time', 'add', String(t)])).durationMs).toBe(25 * MIN);
    expect((await asSam(['admin', 'settings', 'set', 'time.default-duration', '5m'])).code).toBe(4);
    expect((await td.desk.run(['admin', 'settings', 'set', 'time.default-duration', 'soon'])).code).toBe(5);
    expect((await td.desk.run(['admin', 'settings', 'set', 'time.no-such-key', '5m'])).code).toBe(5);
    expect((await td.desk.run(['admin', 'settings', 'unset', 'time.default-duration'])).code).toBe(0);
    expect((await samJson<Entry>(['time', 'add', String(t)])).durationMs).toBe(15 * MIN);
  });

  it('lets only the owner or an admin edit or delete an entry, and logs each change', async () => {
    const t = await ticket('Permissions');
    const e = await samJson<Entry>(['time', 'add', String(t), '--duration', '1h', '--note', 'first look']);
    const kimEdit = await td.desk.run(['time', 'edit', String(e.id), '--duration', '3h'], { token: td.kim.token });
    expect(kimEdit.code).toBe(4);
    expect(kimEdit.stderr).toContain('only the technician who owns');
    expect((await td.desk.run(['time', 'rm', String(e.id)], { token: td.kim.token })).code).toBe(4);
    expect((await asSam(['time', 'edit', String(e.id), '--technician', String(td.kim.id)])).code).toBe(4);
    const edited = await samJson<Entry>(['time', 'edit', String(e.id), '--duration', '2h', '--rate', '80']);
    expect(edited).toMatchObject({ durationMs: 2 * HOUR, rate: 80, amount: 160, startedAt: e.startedAt });
    const byAdmin = await td.desk.json<Entry>(['time', 'edit', String(e.id), '--no-billable', '--note', '']);
    expect(byAdmin).toMatchObject({ billable: false, amount: 0, note: null, technician: { id: td.sam.id } });
    expect((await asSam(['time', 'edit', String(e.id)])).code).toBe(2);
    const removed = await asSam(['time', 'rm', String(e.id)]);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain(`Deleted time entry ${e.id}`);
    expect((await asSam(['time', 'rm', String(e.id)])).code).toBe(3);
    const shown = await td.desk.json<{
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
      activity: (await td.desk.json<{ activity: unknown[] }>(['tickets', 'show', String(t)])).activity.length,
    });
    const other = (await td.desk.json<{ id: number }>(['admin', 'companies', 'add', 'Elsewhere Inc'])).id;
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
      ['time', 'edit', String(e.id), '--duration', '0m'],
      ['time', 'edit', String(e.id), '--duration', '25h'],
      ['time', 'edit', String(e.id), '--start', '2030-01-07T10:00', '--end', '2030-01-07T09:00'],
      ['time', 'list', '--from', 'yesterday-ish'],
      ['time', 'report', '--from', '2030-01-08', '--to', '2030-01-07'],
    ];
    for (const args of bad) {
      const r = await asSam(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr).toMatch(/^error: /);
    }
    // A ticket that does not exist, or that Sam may not see, is not found (exit 3) as in every command.
    const hidden = (
      await td.desk.json<{ id: number }>(['tickets', 'create', '--title', 'Elsewhere', '--company', String(other)])
    ).id;
    for (const ticketId of ['999999', String(hidden)]) {
      for (const args of [
        ['time', 'add', ticketId, '--duration', '1h'],
        ['time', 'start', ticketId],
        ['time', 'edit', String(e.id), '--ticket', ticketId],
      ]) {
        const r = await asSam(args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toBe(`error: ticket ${ticketId} not found\n`);
      }
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
    await td.desk.json([
      'time',
      'add',
      String(t),
      '--duration',
      '30m',
      '--no-billable',
      '--note',
      'call +447966197542',
    ]);
    const detail = await td.desk.json<{ time: { entries: Entry[]; totals: Totals } }>(['tickets', 'show', String(t)]);
    expect(detail.time.totals).toEqual({
      entries: 2,
      durationMs: 90 * MIN,
      billableMs: HOUR,
      nonBillableMs: 30 * MIN,
      amount: 100,
    });
    expect(detail.time.entries.map((x) => x.technician.name)).toEqual(['Sam', 'Ada Admin']);
    expect(detail.time.entries[1]?.note).toBe('call *********7542');
    const human = await td.desk.run(['tickets', 'show', String(t)]);
    expect(human.stdout).toContain('Time (1h30m)');
    expect(human.stdout).toContain('1h  billable · 100.00/h → 100.00');
    expect(human.stdout).toContain('total: 1h30m in 2 entries (1h billable, 30m non-billable), amount 100.00');
    expect(human.stdout).not.toContain('7966197542');
  });
});
