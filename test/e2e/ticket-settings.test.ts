/**
 * Ticket settings (`desk admin settings set tickets.…`) against real servers on SQLite and
 * PostgreSQL: the default reply type of `desk tickets reply`, what happens to running timers when a
 * ticket is resolved or closed; and @mentions in a ticket's first note, which notify as any note's do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import { advanceClock, fixture, newTicket, type Fixture, type TicketDetailJson } from '../helpers/ticket-fixture.js';

const MIN = 60_000;

interface TimerJson {
  timer: { ticket: { id: number }; elapsedMs: number } | null;
}
interface EntriesJson {
  items: Array<{ ticket: { id: number }; technician: { id: number }; durationMs: number; source: string }>;
}

describe.each(['sqlite', 'postgres'] as const)('ticket settings (%s)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  const set = (key: string, value: string) => desk.run(['admin', 'settings', 'set', key, value]);
  /** Sam Rivera, a technician granted the company. */
  const asSam = () => ({ token: f.tech.token });
  const kinds = async (id: number) =>
    (await desk.json<TicketDetailJson>(['tickets', 'show', String(id)])).comments.map((c) => c.kind);

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('refuses a value a setting does not take, changing nothing', async () => {
    for (const [key, bad] of [
      ['tickets.default-reply', 'private'],
      ['tickets.timer-on-open', 'sometimes'],
      ['tickets.timer-on-close', 'pause'],
    ]) {
      const res = await set(key!, bad!);
      expect(res.code, key).toBe(5);
      expect(res.stderr).toContain(`${key} must be`);
    }
    const all = await desk.json<Array<{ key: string; value: string; isDefault: boolean }>>([
      'admin',
      'settings',
      'list',
    ]);
    expect(all.filter((s) => s.key.startsWith('tickets.')).map((s) => [s.key, s.value, s.isDefault])).toEqual([
      ['tickets.default-reply', 'public', true],
      ['tickets.timer-on-open', 'off', true],
      ['tickets.timer-on-close', 'ask', true],
    ]);
  });

  it('desk tickets reply sends the default reply type; --public and --internal override it', async () => {
    const id = await newTicket(desk, f.company);
    expect((await desk.run(['tickets', 'reply', String(id), '--message', 'one'])).stderr).toContain('Replied on');
    expect((await set('tickets.default-reply', 'internal')).code).toBe(0);
    const note = await desk.run(['tickets', 'reply', String(id), '--message', 'two']);
    expect(note.code).toBe(0);
    expect(note.stderr).toContain(`Added a note to ticket #${id}`);
    await desk.json(['tickets', 'reply', String(id), '--message', 'three', '--public']);
    await desk.json(['tickets', 'reply', String(id), '--message', 'four', '--internal']);
    const both = await desk.run(['tickets', 'reply', String(id), '--message', 'five', '--public', '--internal']);
    expect(both.code).toBe(2);
    // CC goes with public replies only, so --cc makes the reply public whatever the default.
    const withCc = await desk.run(['tickets', 'reply', String(id), '--message', 'six', '--cc', 'boss@acme.com']);
    expect(withCc.code).toBe(0);
    const ccOnNote = await desk.run(['tickets', 'reply', String(id), '--message', 'seven', '--internal', '--cc', '2']);
    expect(ccOnNote.code).toBe(2);
    expect(await kinds(id)).toEqual(['reply', 'note', 'reply', 'note', 'reply']);
    expect((await desk.run(['admin', 'settings', 'unset', 'tickets.default-reply'])).code).toBe(0);
  });

  it('stop: resolving or closing a ticket stops the timers on it and records their time', async () => {
    const id = await newTicket(desk, f.company);
    const other = await newTicket(desk, f.company);
    expect((await set('tickets.timer-on-close', 'stop')).code).toBe(0);
    await desk.json(['time', 'start', String(id)], asSam());
    await desk.json(['time', 'start', String(other)]); // the admin's timer, on another ticket
    await advanceClock(desk, 5 * MIN);
    await desk.json(['tickets', 'update', String(id), '--status', 'resolved']);
    expect((await desk.json<TimerJson>(['time', 'status'], asSam())).timer).toBeNull();
    expect((await desk.json<TimerJson>(['time', 'status'])).timer?.ticket.id).toBe(other);
    const entries = await desk.json<EntriesJson>(['time', 'list', '--ticket', String(id)]);
    expect(entries.items.map((e) => [e.technician.id, e.durationMs, e.source])).toEqual([
      [f.tech.id, 5 * MIN, 'timer'],
    ]);

    // A reply that closes the other ticket stops the admin's timer there.
    await advanceClock(desk, 2 * MIN);
    await desk.json(['tickets', 'note', String(other), '--message', 'done', '--status', 'closed']);
    expect((await desk.json<TimerJson>(['time', 'status'])).timer).toBeNull();
    const otherEntries = await desk.json<EntriesJson>(['time', 'list', '--ticket', String(other)]);
    expect(otherEntries.items.map((e) => e.durationMs)).toEqual([7 * MIN]);
  });

  it('keep and ask: the timer runs on after the ticket is closed', async () => {
    for (const rule of ['keep', 'ask']) {
      const id = await newTicket(desk, f.company);
      expect((await set('tickets.timer-on-close', rule)).code).toBe(0);
      await desk.json(['time', 'start', String(id)], asSam());
      await advanceClock(desk, MIN);
      await desk.json(['tickets', 'update', String(id), '--status', 'closed']);
      const timer = (await desk.json<TimerJson>(['time', 'status'], asSam())).timer;
      expect(timer?.ticket.id, rule).toBe(id);
      expect((await desk.json<EntriesJson>(['time', 'list', '--ticket', String(id)])).items).toEqual([]);
      await desk.json(['time', 'stop', '--discard'], asSam());
    }
  });

  it("notifies a technician @mentioned in a ticket's first note, as in any later note", async () => {
    const created = await desk.json<{ id: number }>([
      'tickets',
      'create',
      '--title',
      'Toner',
      '--company',
      String(f.company),
      '--message',
      'Can @sam.rivera check the toner?',
    ]);
    const list = await desk.json<Array<{ ticket: { id: number }; excerpt: string }>>(['notifications'], asSam());
    expect(list.map((n) => [n.ticket.id, n.excerpt])).toEqual([[created.id, 'Can @sam.rivera check the toner?']]);
    await desk.json(['tickets', 'note', String(created.id), '--message', '@sam.rivera again?']);
    expect(await desk.json<unknown[]>(['notifications'], asSam())).toHaveLength(2);
  });
});
