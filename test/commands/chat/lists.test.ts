/** `desk chat list --state/--sort` and `desk chat requests` (with the first message) in-process. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import { acme, me, sam } from '../../helpers/cli-fixtures.js';
import type { Chat } from '../../../src/core/chat.js';

function chat(over: Partial<Chat> = {}): Chat {
  return {
    id: 7,
    state: 'requested',
    initiatedBy: 'customer',
    queue: { id: 1, name: 'default' },
    company: acme,
    contact: { id: 5, name: 'Melissa Grant', email: 'melissa@example.com' },
    owner: null,
    offeredTo: null,
    participants: [],
    ticketId: null,
    transferPending: false,
    preview: null,
    requestedAt: '2026-03-02T10:00:00.000Z',
    acceptedAt: null,
    endedAt: null,
    updatedAt: '2026-03-02T10:00:00.000Z',
    ...over,
  };
}

const list = (items: Chat[]) => json({ items });

describe('desk chat list', () => {
  it('asks for the chats of a state', async () => {
    const http = new FakeTransport()
      .on('GET', '/v1/chats', list([chat({ state: 'ended' })]))
      .on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'list', '--state', 'Completed', '--json'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.requests.find((r) => r.path === '/v1/chats')?.query).toEqual({ state: 'completed' });
    expect((JSON.parse(res.stdout) as Chat[]).map((c) => c.state)).toEqual(['ended']);
  });

  it('--all is --state all; without either it asks for open chats', async () => {
    const queryOf = async (args: string[]) => {
      const http = new FakeTransport().on('GET', '/v1/chats', list([])).on('GET', '/v1/me', json(me()));
      const res = await runCli(['chat', 'list', ...args], { transport: http });
      expect(res.code, res.stderr).toBe(0);
      return res.requests.find((r) => r.path === '/v1/chats')?.query;
    };
    expect(await queryOf(['--all'])).toEqual({ state: 'all' });
    expect(await queryOf([])).toEqual({});
  });

  it('refuses an unknown state or sort before asking the server', async () => {
    const http = new FakeTransport();
    const state = await runCli(['chat', 'list', '--state', 'done'], { transport: http });
    expect(state.code).toBe(5);
    expect(state.stderr).toContain('--state must be one of all, new, active, completed, got "done"');
    const sort = await runCli(['chat', 'list', '--sort', 'age'], { transport: http });
    expect(sort.code).toBe(5);
    expect(sort.stderr).toContain('--sort must be one of wait, customer, company');
    expect(http.requests).toEqual([]);
  });

  it('sorts by waiting time, customer or company', async () => {
    const items = [
      chat({
        id: 1,
        requestedAt: '2026-03-02T10:05:00.000Z',
        contact: { id: 1, name: 'Zoe', email: 'z@x.example' },
        company: { id: 2, name: 'Acme' },
      }),
      chat({
        id: 2,
        requestedAt: '2026-03-02T10:01:00.000Z',
        contact: { id: 2, name: 'Bob', email: 'b@x.example' },
        company: { id: 3, name: 'Zeta' },
      }),
      chat({
        id: 3,
        requestedAt: '2026-03-02T10:03:00.000Z',
        contact: { id: 3, name: 'amy', email: 'a@x.example' },
        company: { id: 4, name: 'Midway' },
      }),
    ];
    const order = async (sort: string) => {
      const http = new FakeTransport().on('GET', '/v1/chats', list(items)).on('GET', '/v1/me', json(me()));
      const res = await runCli(['chat', 'list', '--sort', sort], { transport: http });
      expect(res.code, res.stderr).toBe(0);
      return res.stdout
        .trim()
        .split('\n')
        .map((l) => Number(l.split('\t')[0]));
    };
    expect(await order('wait')).toEqual([2, 3, 1]);
    expect(await order('customer')).toEqual([3, 2, 1]);
    expect(await order('company')).toEqual([1, 3, 2]);
  });

  it('shows a transfer waiting for my queue', async () => {
    const http = new FakeTransport()
      .on('GET', '/v1/chats', list([chat({ state: 'active', owner: sam, transferPending: true })]))
      .on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'list'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('active (transfer)\ttransfer to you');
  });
});

describe('desk chat requests', () => {
  it("shows the customer's first message on one line, masked", async () => {
    const header = await runCli(['chat', 'requests'], {
      transport: new FakeTransport().on('GET', '/v1/chats/requests', list([chat()])),
      tty: true,
    });
    expect(header.stdout).toContain('FIRST MESSAGE');
    const http = new FakeTransport().on(
      'GET',
      '/v1/chats/requests',
      list([chat({ id: 8, preview: 'Card 4111 1111 1111 1111\nis declined' }), chat({ id: 9, preview: null })]),
    );
    const res = await runCli(['chat', 'requests', '--filter', 'new'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    const rows = res.stdout.split('\n').filter((l) => l !== '');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.split('\t').at(-1)).toMatch(/^Card \*+1111 is declined$/);
    expect(rows[1]?.split('\t').at(-1)).toBe('');
    expect(res.stdout).not.toContain('4111 1111');
  });
});
