/** `desk tickets merge|spam|delete|restore|items` in-process: what each sends and says. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import { ada, ticket } from '../../helpers/cli-fixtures.js';

const item = {
  id: 3,
  ticketId: 12,
  kind: 'product',
  name: 'Toner',
  quantity: '2',
  unitPrice: '40.00',
  total: '80.00',
  createdBy: ada,
  createdAt: '2030-01-07T08:00:00.000Z',
};

describe('desk tickets merge', () => {
  it('merges and says what moved', async () => {
    const moved = { comments: 2, attachments: 1, items: 0, timeEntries: 1, chats: 0 };
    const http = new FakeTransport().on(
      'POST',
      '/v1/tickets/12/merge',
      json({ source: ticket({ status: 'closed', mergedInto: 13 }), target: ticket({ id: 13 }), moved }),
    );
    const res = await runCli(['tickets', 'merge', '12', '--into', '13'], { transport: http });
    http.verify();
    expect(res.requests[0]?.body).toEqual({ into: 13 });
    expect(res.stderr).toBe(
      '✓ Merged ticket #12 into #13 (moved 2 comment(s), 1 file(s), 0 item(s), 1 time entry, 0 chat(s)); #12 is closed\n',
    );
  });

  it.each([
    [['12', '--into', '12'], 5, 'a ticket cannot be merged into itself'],
    [['12', '--into', 'x'], 5, '--into must be a positive integer'],
    [['12'], 2, "required option '--into <target>' not specified"],
  ])('refuses %j (exit %i) before sending anything', async (args, code, message) => {
    const res = await runCli(['tickets', 'merge', ...args]);
    expect(res.code).toBe(code);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });
});

describe('desk tickets spam, delete and restore', () => {
  it.each([
    [['spam', '12'], 'POST', '/v1/tickets/12/spam', { spam: true }, 'Marked ticket #12 as spam'],
    [
      ['spam', '12', '--undo'],
      'POST',
      '/v1/tickets/12/spam',
      { spam: false },
      'Ticket #12 is no longer marked as spam',
    ],
    [['delete', '12'], 'DELETE', '/v1/tickets/12', undefined, 'Deleted ticket #12 (desk tickets restore 12 undoes it)'],
    [['restore', '12'], 'POST', '/v1/tickets/12/restore', undefined, 'Restored ticket #12'],
  ])('%j sends %s %s', async (args, method, path, body, said) => {
    const http = new FakeTransport().on(method, path, json(ticket()));
    const res = await runCli(['tickets', ...args], { transport: http });
    http.verify();
    expect(res.requests[0]?.body).toEqual(body);
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: `✓ ${said}\n` });
  });
});

describe('desk tickets items', () => {
  it('adds an item and prints it as JSON', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets/12/items', json(item, 201));
    const res = await runCli(
      [
        'tickets',
        'items',
        'add',
        '12',
        '--kind',
        'product',
        '--name',
        'Toner',
        '--quantity',
        '2',
        '--unit-price',
        '40',
      ],
      { transport: http },
    );
    http.verify();
    expect(res.requests[0]?.body).toEqual({ kind: 'product', name: 'Toner', quantity: '2', unitPrice: '40' });
    expect(res.stderr).toBe('✓ Added product 3 to ticket #12: 2 × Toner = 80.00\n');
  });

  it('lists items with totals on a terminal, rows only when piped', async () => {
    const list = json({ items: [item], totals: { product: '80.00', expense: '0.00', all: '80.00' } });
    const http = new FakeTransport().on('GET', '/v1/tickets/12/items', list).on('GET', '/v1/tickets/12/items', list);
    const piped = await runCli(['tickets', 'items', 'list', '12'], { transport: http });
    expect(piped.stdout).toBe('3\tproduct\tToner\t2\t40.00\t80.00\n');
    const tty = await runCli(['tickets', 'items', 'list', '12'], { transport: http, tty: true });
    http.verify();
    expect(tty.stdout).toMatch(
      /^ID {2}KIND {5}NAME {3}QTY {2}UNIT {3}TOTAL\n3 {3}product {2}Toner {2}2 {4}40\.00 {2}80\.00\n/,
    );
    expect(tty.stdout).toContain('products 80.00 · expenses 0.00 · total 80.00\n');
  });

  it('removes an item', async () => {
    const http = new FakeTransport().on('DELETE', '/v1/tickets/12/items/3', json({ removed: true }));
    const res = await runCli(['tickets', 'items', 'rm', '12', '3', '--json'], { transport: http });
    http.verify();
    expect(JSON.parse(res.stdout)).toEqual({ id: 3, removed: true });
  });

  it.each([
    [['--kind', 'gift'], 'unknown --kind "gift"'],
    [['--kind', 'product', '--name', ' '], '--name must not be empty'],
    [['--kind', 'product', '--quantity', '0'], '--quantity must be a number above 0'],
    [['--kind', 'product', '--unit-price', '1.234'], '--unit-price must be an amount with at most 2 decimals'],
  ])('refuses %j with exit 5 before sending anything', async (flags, message) => {
    // Each flag once: a repeated single-value flag is refused with exit 2.
    const defaults = ['--name', 'Toner', '--unit-price', '1'].filter(
      (v, i, all) => !flags.includes(i % 2 === 0 ? v : all[i - 1]!),
    );
    const args = ['tickets', 'items', 'add', '12', ...defaults, ...flags];
    const res = await runCli(args);
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });
});
