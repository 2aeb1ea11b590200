/** `desk customer download CHAT FILE` and `desk customer chat --accept` on an expired invitation, with a fake server. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, bytes, json } from '../../helpers/fake-transport.js';
import type { CustomerChat } from '../../../src/core/customer-chat.js';

const env = { DESK_CUSTOMER_TOKEN: 'cus_token' };

const chat: CustomerChat = {
  id: 7,
  state: 'active',
  initiatedBy: 'customer',
  queue: 'default',
  technician: { name: 'Sam Tech' },
  ticketId: null,
  requestedAt: '2030-01-07T08:50:00.000Z',
  acceptedAt: '2030-01-07T08:51:00.000Z',
  endedAt: null,
};

const fileMessage = {
  id: 40,
  chatId: 7,
  author: { kind: 'technician', id: 2, name: 'Sam Tech' },
  body: '',
  internal: false,
  file: { id: 3, name: '../steps.txt', type: 'text/plain', size: 5 },
  clientId: null,
  createdAt: '2030-01-07T08:52:00.000Z',
};

describe('desk customer download', () => {
  it('saves a file a technician sent where -o says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-download-'));
    const out = join(dir, 'copy.txt');
    const http = new FakeTransport()
      .on('GET', '/v1/customer/chats/7', json({ ...chat, messages: [fileMessage], seq: 3 }))
      .on('GET', '/v1/customer/chats/7/files/3', bytes(Buffer.from('hello'), 'text/plain'));
    const res = await runCli(['customer', 'download', '7', '3', '-o', out], { transport: http, env });
    expect(res.code, res.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('hello');
    expect(res.stderr).toContain(`Saved ${out} (5 bytes)`);
    expect(res.requests.every((r) => r.headers.authorization === 'Bearer cus_token')).toBe(true);
    http.verify();
  });

  it('writes to standard output with -o -', async () => {
    const http = new FakeTransport()
      .on('GET', '/v1/customer/chats/7', json({ ...chat, messages: [fileMessage], seq: 3 }))
      .on('GET', '/v1/customer/chats/7/files/3', bytes(Buffer.from('hello'), 'text/plain'));
    const res = await runCli(['customer', 'download', '7', '3', '-o', '-'], { transport: http, env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('hello');
  });

  it('refuses a bad file id before asking the server (exit 5)', async () => {
    const http = new FakeTransport();
    const res = await runCli(['customer', 'download', '7', 'x'], { transport: http, env });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('file id must be a positive integer');
    expect(res.requests).toEqual([]);
  });
});

describe('desk customer chat --accept', () => {
  it('says the invitation expired instead of that there is none (exit 5)', async () => {
    const expired: CustomerChat = { ...chat, id: 9, state: 'expired', initiatedBy: 'technician', acceptedAt: null };
    const http = new FakeTransport().on('GET', '/v1/customer/chats', json({ items: [expired, { ...chat, id: 8 }] }));
    const res = await runCli(['customer', 'chat', '--accept'], { transport: http, env });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('the invitation to chat 9 expired; ask the helpdesk again with desk customer chat');
    http.verify();
  });
});
