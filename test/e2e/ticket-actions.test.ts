import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import { fixture, newTicket, type TicketDetailJson, type TicketJson, type Fixture } from '../helpers/ticket-fixture.js';

describe('ticket actions: merge, spam, delete, restore (SQLite)', () => {
  let desk: Desk;
  let f: Fixture;
  const show = (id: number, token?: string) =>
    desk.json<TicketDetailJson>(['tickets', 'show', String(id)], token ? { token } : {});
  const ids = async (args: string[], token?: string) =>
    (await desk.json<{ items: TicketJson[] }>(['tickets', 'list', ...args], token ? { token } : {})).items.map(
      (t) => t.id,
    );

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    f = await fixture(desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('merges a ticket: comments, files, items and time move; the source is closed and points at the target', async () => {
    const target = await newTicket(desk, f.company, ['--tag', 'vpn']);
    const source = await newTicket(desk, f.company, ['--tag', 'dup', '--message', 'first note on the duplicate']);
    await desk.json(['tickets', 'reply', String(source), '--message', 'reply on the duplicate']);
    await desk.json([
      'tickets',
      'items',
      'add',
      String(source),
      '--kind',
      'expense',
      '--name',
      'Taxi',
      '--unit-price',
      '25',
    ]);
    const time = await desk.run(['time', 'add', String(source), '--duration', '30m']);
    expect(time.code, time.stderr).toBe(0);
    const res = await desk.run(['tickets', 'merge', String(source), '--into', String(target), '--json']);
    expect(res.code).toBe(0);
    const merged = JSON.parse(res.stdout) as {
      source: TicketJson;
      target: TicketJson;
      moved: Record<string, number>;
    };
    expect(merged.source).toMatchObject({ id: source, status: 'closed', mergedInto: target });
    expect(merged.moved).toMatchObject({ comments: 2, items: 1, timeEntries: 1 });
    const t = await show(target);
    expect((t as unknown as { time: { entries: unknown[] } }).time.entries).toHaveLength(1);
    expect(t.comments.map((c) => c.body)).toEqual(['first note on the duplicate', 'reply on the duplicate']);
    expect(t.tags).toEqual(['dup', 'vpn']);
    expect(t.activity.find((a) => a.field === 'mergedFrom')?.newValue).toBe(`#${source}`);
    const s = await show(source);
    expect(s.comments).toEqual([]);
    expect(s.activity.find((a) => a.field === 'mergedInto')?.newValue).toBe(`#${target}`);
    expect(s.activity.find((a) => a.field === 'status')).toMatchObject({ oldValue: 'open', newValue: 'closed' });
    const items = await desk.json<{ items: Array<{ name: string }> }>(['tickets', 'items', 'list', String(target)]);
    expect(items.items.map((i) => i.name)).toEqual(['Taxi']);
    const human = await desk.run(['tickets', 'show', String(source)]);
    expect(human.stdout).toContain(`merged into #${target}`);
  });

  it('refuses bad merges with exit 5 and changes nothing', async () => {
    const a = await newTicket(desk, f.company);
    const b = await newTicket(desk, f.company);
    const elsewhere = await newTicket(desk, f.other);
    for (const [args, code] of [
      [['merge', String(a), '--into', String(a)], 5],
      [['merge', String(a), '--into', 'x'], 5],
      [['merge', 'nope', '--into', String(b)], 5],
      [['merge', String(a), '--into', String(elsewhere)], 5],
      [['merge', String(a)], 2],
      [['merge', String(a), '--into', '999999'], 3],
    ] as Array<[string[], number]>) {
      const res = await desk.run(['tickets', ...args]);
      expect(res.code, args.join(' ')).toBe(code);
    }
    expect((await show(a)).mergedInto).toBeNull();
    expect((await show(a)).status).toBe('open');
  });

  it('does not let a technician merge into a ticket of a company not granted to them', async () => {
    const mine = await newTicket(desk, f.company);
    const notMine = await newTicket(desk, f.other);
    const res = await desk.run(['tickets', 'merge', String(mine), '--into', String(notMine)], { token: f.tech.token });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`ticket ${notMine} not found`);
    const back = await desk.run(['tickets', 'merge', String(notMine), '--into', String(mine)], { token: f.tech.token });
    expect(back.code).toBe(3);
    expect((await show(mine)).mergedInto).toBeNull();
    expect((await show(notMine)).status).toBe('open');
  });

  it('hides spam from default lists; --spam lists it; --undo brings it back', async () => {
    const id = await newTicket(desk, f.company);
    const res = await desk.run(['tickets', 'spam', String(id)]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`Marked ticket #${id} as spam`);
    expect(await ids(['--status', 'all', '--limit', '500'])).not.toContain(id);
    expect(await ids(['--spam'])).toContain(id);
    expect((await show(id)).activity.find((a) => a.field === 'spam')).toMatchObject({ newValue: 'yes' });
    await desk.json(['tickets', 'spam', String(id), '--undo']);
    expect(await ids([])).toContain(id);
    expect((await desk.run(['tickets', 'spam', 'abc'])).code).toBe(5);
  });

  it('soft-deletes and restores; --deleted lists deleted tickets; a deleted ticket refuses changes', async () => {
    const id = await newTicket(desk, f.company, ['--message', 'keep me']);
    const del = await desk.run(['tickets', 'delete', String(id)], { token: f.tech.token });
    expect(del.code).toBe(0);
    expect(await ids(['--status', 'all', '--limit', '500'])).not.toContain(id);
    expect(await ids(['--deleted'])).toEqual([id]);
    expect((await show(id)).deletedAt).not.toBeNull();
    const reply = await desk.run(['tickets', 'reply', String(id), '--message', 'too late']);
    expect(reply.code).toBe(5);
    expect(reply.stderr).toContain('restore it first');
    expect((await show(id)).comments).toHaveLength(1);
    expect((await desk.run(['tickets', 'delete', String(id)])).code).toBe(5);
    expect((await desk.run(['tickets', 'restore', String(id)])).code).toBe(0);
    expect(await ids([])).toContain(id);
    expect((await show(id)).comments.map((c) => c.body)).toEqual(['keep me']);
    expect((await desk.run(['tickets', 'restore', String(id)])).code).toBe(5);
    const hidden = await newTicket(desk, f.other);
    expect((await desk.run(['tickets', 'delete', String(hidden)], { token: f.tech.token })).code).toBe(3);
    expect((await show(hidden)).deletedAt).toBeNull();
  });
});
