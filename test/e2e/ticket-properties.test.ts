import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_BIN, cleanEnv, startDesk, type Desk } from '../helpers/desk.js';
import { fixture, newTicket, type TicketDetailJson, type TicketJson, type Fixture } from '../helpers/ticket-fixture.js';

describe('ticket properties: custom statuses and fields, products and expenses, presence, requester panel (SQLite)', () => {
  let desk: Desk;
  let f: Fixture;
  const show = (id: number, token?: string) =>
    desk.json<TicketDetailJson>(['tickets', 'show', String(id)], token ? { token } : {});
  const ids = async (args: string[]) =>
    (await desk.json<{ items: TicketJson[] }>(['tickets', 'list', ...args])).items.map((t) => t.id);

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    f = await fixture(desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('defines custom statuses (admin only), sets and filters by them, and refuses unknown ones', async () => {
    expect(
      (await desk.run(['admin', 'statuses', 'add', 'On hold', '--maps-to', 'pending'], { token: f.tech.token })).code,
    ).toBe(4);
    expect((await desk.run(['admin', 'statuses', 'add', 'On hold', '--maps-to', 'sleeping'])).code).toBe(5);
    expect((await desk.run(['admin', 'statuses', 'add', 'Open', '--maps-to', 'pending'])).code).toBe(5);
    await desk.json(['admin', 'statuses', 'add', 'On hold', '--maps-to', 'pending']);
    await desk.json(['admin', 'statuses', 'add', 'Fixed by vendor', '--maps-to', 'resolved']);
    expect((await desk.run(['admin', 'statuses', 'add', 'on hold', '--maps-to', 'open'])).code).toBe(5);
    const id = await newTicket(desk, f.company);
    const held = await desk.json<TicketJson>(['tickets', 'update', String(id), '--status', 'On Hold']);
    expect(held).toMatchObject({ status: 'pending', customStatus: { name: 'On hold', mapsTo: 'pending' } });
    const vendor = await newTicket(desk, f.company);
    await desk.json([
      'tickets',
      'reply',
      String(vendor),
      '--message',
      'vendor fixed it',
      '--status',
      'fixed by vendor',
    ]);
    expect(await ids(['--status', 'on hold'])).toEqual([id]);
    expect(await ids(['--status', 'Fixed by vendor'])).toEqual([vendor]);
    expect(await ids([])).toContain(id);
    expect(await ids([])).not.toContain(vendor);
    const bad = await desk.run(['tickets', 'update', String(id), '--status', 'Snoozing']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('On hold');
    expect((await desk.run(['tickets', 'reply', String(id), '--message', 'x', '--status', 'Snoozing'])).code).toBe(5);
    expect((await show(id)).comments).toEqual([]);
    await desk.json(['tickets', 'update', String(id), '--status', 'open']);
    const d = await show(id);
    expect(d.customStatus).toBeNull();
    expect(d.activity.filter((a) => a.field === 'status').map((a) => `${a.oldValue}>${a.newValue}`)).toEqual([
      'open>On hold',
      'On hold>open',
    ]);
    expect((await desk.run(['admin', 'statuses', 'rm', 'Fixed by vendor'])).code).toBe(5);
    expect((await desk.run(['admin', 'statuses', 'rm', 'On hold'])).code).toBe(0);
  });

  it('validates custom field values on write, shows them, and filters with --field', async () => {
    await desk.json(['admin', 'fields', 'add', 'Asset tag', '--kind', 'text']);
    await desk.json(['admin', 'fields', 'add', 'Seats', '--kind', 'number']);
    await desk.json(['admin', 'fields', 'add', 'Renewal', '--kind', 'date']);
    await desk.json(['admin', 'fields', 'add', 'Env', '--kind', 'choice', '--choice', 'prod', '--choice', 'test']);
    for (const [args, reason] of [
      [['Plan', '--kind', 'choice'], 'a choice field needs --choice values'],
      [['Plan', '--kind', 'text', '--choice', 'x'], '--choice goes with --kind choice only'],
      [['Plan', '--kind', 'colour'], 'unknown --kind "colour" (valid: text, number, date, choice)'],
      [['Seats', '--kind', 'text'], 'a field named "Seats" exists already'],
    ] as const) {
      const res = await desk.run(['admin', 'fields', 'add', ...args]);
      expect({ code: res.code, stderr: res.stderr }, args.join(' ')).toEqual({ code: 5, stderr: `error: ${reason}\n` });
    }
    const id = await newTicket(desk, f.company, [
      '--field',
      'Env=PROD',
      '--field',
      'seats=12.50',
      '--product-family',
      'Printers',
    ]);
    const other = await newTicket(desk, f.company, ['--field', 'Env=test']);
    let d = await show(id);
    expect(d.fields).toEqual({ Seats: 12.5, Env: 'prod' });
    expect(d.productFamily).toBe('Printers');
    for (const [field, reason] of [
      ['Seats=many', 'field "Seats": must be a number, got "many"'],
      ['Renewal=2026-02-30', 'field "Renewal": must be a date as YYYY-MM-DD, got "2026-02-30"'],
      ['Env=staging', 'field "Env": must be one of prod, test, got "staging"'],
      ['Colour=red', 'unknown field "Colour" (fields: Asset tag, Seats, Renewal, Env)'],
      ['noequals', '--field takes name=value, got "noequals"'],
      ['=x', '--field takes name=value, got "=x"'],
    ]) {
      const res = await desk.run(['tickets', 'update', String(id), '--field', field!, '--title', 'should not change']);
      expect({ code: res.code, stderr: res.stderr }, field).toEqual({ code: 5, stderr: `error: ${reason}\n` });
    }
    expect((await show(id)).title).toBe('Printer on fire');
    await desk.json(['tickets', 'update', String(id), '--field', 'Renewal=2026-03-01', '--field', 'Asset tag=PC-0042']);
    d = await show(id);
    expect(d.fields).toEqual({ 'Asset tag': 'PC-0042', Seats: 12.5, Renewal: '2026-03-01', Env: 'prod' });
    expect(await ids(['--field', 'env=prod'])).toEqual([id]);
    expect(await ids(['--field', 'Env=test'])).toEqual([other]);
    expect(await ids(['--field', 'Seats=12.5', '--field', 'asset tag=pc-0042'])).toEqual([id]);
    expect(await ids(['--product-family', 'printers'])).toEqual([id]);
    expect((await desk.run(['tickets', 'list', '--field', 'Env=staging'])).code).toBe(5);
    expect((await desk.run(['tickets', 'list', '--field', 'Nope=1'])).code).toBe(5);
    await desk.json(['tickets', 'update', String(id), '--field', 'Seats=', '--product-family', '']);
    d = await show(id);
    expect(d.fields.Seats).toBeUndefined();
    expect(d.productFamily).toBeNull();
  });

  it('adds, lists with totals and removes products and expenses; bad input is exit 5', async () => {
    const id = await newTicket(desk, f.company);
    await desk.json([
      'tickets',
      'items',
      'add',
      String(id),
      '--kind',
      'product',
      '--name',
      'SSD 1TB',
      '--quantity',
      '2',
      '--unit-price',
      '59.90',
    ]);
    const taxi = await desk.json<{ id: number }>([
      'tickets',
      'items',
      'add',
      String(id),
      '--kind',
      'expense',
      '--name',
      'Taxi',
      '--quantity',
      '1.5',
      '--unit-price',
      '20',
    ]);
    for (const args of [
      ['--kind', 'service', '--name', 'x', '--unit-price', '1'],
      ['--kind', 'product', '--name', 'x', '--quantity', '0', '--unit-price', '1'],
      ['--kind', 'product', '--name', 'x', '--quantity', '-1', '--unit-price', '1'],
      ['--kind', 'product', '--name', 'x', '--unit-price', '1.999'],
      ['--kind', 'product', '--name', ' ', '--unit-price', '1'],
    ]) {
      expect((await desk.run(['tickets', 'items', 'add', String(id), ...args])).code, args.join(' ')).toBe(5);
    }
    let list = await desk.json<{ items: Array<{ name: string; total: string }>; totals: Record<string, string> }>([
      'tickets',
      'items',
      'list',
      String(id),
    ]);
    expect(list.items.map((i) => [i.name, i.total])).toEqual([
      ['SSD 1TB', '119.80'],
      ['Taxi', '30.00'],
    ]);
    expect(list.totals).toEqual({ product: '119.80', expense: '30.00', all: '149.80' });
    expect((await desk.run(['tickets', 'items', 'rm', String(id), String(taxi.id)])).code).toBe(0);
    expect((await desk.run(['tickets', 'items', 'rm', String(id), String(taxi.id)])).code).toBe(3);
    list = await desk.json(['tickets', 'items', 'list', String(id)]);
    expect(list.totals.all).toBe('119.80');
    const hidden = await newTicket(desk, f.other);
    expect((await desk.run(['tickets', 'items', 'list', String(hidden)], { token: f.tech.token })).code).toBe(3);
  });

  it('shows who is viewing with show --watch, streams changes with stdin at its end, and leaves on SIGTERM', async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)]);
    const child = spawn(process.execPath, [DESK_BIN, 'tickets', 'show', String(id), '--watch', '--json'], {
      env: cleanEnv(desk.env(f.tech.token)),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const lines = () => out.split('\n').filter(Boolean);
    const waitFor = (pred: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; output so far: ${out}`)), 15_000);
        const check = () => {
          if (pred()) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end(); // as `nohup … < /dev/null`: nothing to read, and the watch goes on
    await waitFor(() => lines().length >= 1);
    expect((JSON.parse(lines()[0]!) as TicketDetailJson).id).toBe(id);
    let d = await show(id);
    expect(d.viewers).toEqual([{ id: f.tech.id, name: 'Sam Rivera' }]);
    const human = await desk.run(['tickets', 'show', String(id)]);
    expect(human.stdout).toContain('viewing:   Sam Rivera');
    await desk.json(['tickets', 'reply', String(id), '--message', 'watch this']);
    await waitFor(() => lines().some((l) => l.includes('ticket.commented') && l.includes('watch this')));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    d = await show(id);
    expect(d.viewers).toEqual([]);
    expect((await desk.run(['tickets', 'show', String(id), '--watch', '--order', 'up'])).code).toBe(5);
  });

  it('lists at most five viewers then +N', async () => {
    const { viewersLine } = await import('../../src/commands/tickets/detail-sections.js');
    expect(viewersLine(['A', 'B', 'C'])).toBe('A, B, C');
    expect(viewersLine(['A', 'B', 'C', 'D', 'E', 'F', 'G'])).toBe('A, B, C, D, E +2');
  });

  it('shows the requester panel: contact details, company, satisfaction and the last five tickets', async () => {
    const made: number[] = [];
    for (let i = 0; i < 6; i++) made.push(await newTicket(desk, f.company, ['--requester', String(f.contact)]));
    const d = await show(made[5]!);
    expect(d.requesterPanel).toMatchObject({
      name: 'Melissa Grant',
      email: 'm********@gmail.com',
      company: { name: 'X Acme' },
      satisfaction: { ticket: null, average: null, count: 0 },
    });
    expect(d.requesterPanel!.lastTickets.map((t) => t.id)).toEqual([...made].reverse().slice(0, 5));
    const human = await desk.run(['tickets', 'show', String(made[5])]);
    expect(human.stdout).toMatch(
      /Requester\n {2}Melissa Grant <m\*+@gmail\.com> · X Acme\n {2}satisfaction: this ticket not rated/,
    );
  });
});
