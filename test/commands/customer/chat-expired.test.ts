/** `desk customer chat` on a request nobody accepted in time: everyone is busy, leave a ticket. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import type { CustomerChat } from '../../../src/core/customer-chat.js';

const expired: CustomerChat = {
  id: 7,
  state: 'expired',
  initiatedBy: 'customer',
  queue: 'default',
  technician: null,
  ticketId: null,
  requestedAt: '2030-01-07T08:50:00.000Z',
  acceptedAt: null,
  endedAt: '2030-01-07T08:52:00.000Z',
};

function transport(): FakeTransport {
  return new FakeTransport()
    .on('GET', '/v1/customer/chats', json({ items: [expired] }))
    .on('GET', '/v1/customer/chats/7', json({ ...expired, messages: [], seq: 3 }))
    .on(
      'GET',
      '/v1/customer/me',
      json({ contact: { id: 4, name: 'Ivy', email: 'ivy@customer.example', company: { id: 1, name: 'Acme' } } }),
    );
}

describe('desk customer chat on an expired request', () => {
  it('tells a script everyone is busy and how to leave a ticket', async () => {
    const http = transport();
    const res = await runCli(['customer', 'chat', '--chat', '7'], {
      transport: http,
      env: { DESK_CUSTOMER_TOKEN: 'cus_token' },
    });
    expect(res.code, res.stderr).toBe(0);
    const events = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; text?: string; state?: string });
    expect(events.find((e) => e.type === 'state')?.state).toBe('expired');
    const told = events.find((e) => e.type === 'expired');
    expect(told?.text).toContain('all technicians are busy');
    expect(told?.text).toContain('desk customer ticket --title TEXT --message TEXT');
  });

  it('tells a person on a terminal', async () => {
    const res = await runCli(['customer', 'chat', '--chat', '7'], {
      transport: transport(),
      env: { DESK_CUSTOMER_TOKEN: 'cus_token' },
      tty: true,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      'Nobody could take your chat in time: all technicians are busy. Leave a ticket instead with `desk customer ticket --title TEXT --message TEXT`.',
    );
    expect(res.stdout).not.toContain('The chat is expired.');
  });
});
