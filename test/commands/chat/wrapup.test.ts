/** `desk chat wrap-up` and `desk chat end-conference --reason` in-process, with a fake server. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { acme, me, sam } from '../../helpers/cli-fixtures.js';
import type { Chat } from '../../../src/core/chat.js';

function chat(over: Partial<Chat> = {}): Chat {
  return {
    id: 7,
    state: 'ended',
    initiatedBy: 'customer',
    queue: { id: 1, name: 'default' },
    company: acme,
    contact: { id: 5, name: 'Melissa Grant', email: 'melissa@example.com' },
    owner: sam,
    offeredTo: null,
    participants: [{ technician: sam, role: 'owner', state: 'left' }],
    ticketId: null,
    transferPending: false,
    preview: null,
    requestedAt: '2026-03-02T10:00:00.000Z',
    acceptedAt: '2026-03-02T10:01:00.000Z',
    endedAt: '2026-03-02T10:09:00.000Z',
    updatedAt: '2026-03-02T10:09:00.000Z',
    ...over,
  };
}

describe('desk chat wrap-up', () => {
  it('gives the reason I owe for a chat', async () => {
    const http = new FakeTransport().on('POST', '/v1/chats/7/wrapup', json(chat())).on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'wrap-up', '7', '--reason', 'Resolved'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.requests.find((r) => r.path === '/v1/chats/7/wrapup')?.body).toEqual({ reason: 'Resolved' });
    expect(res.stderr).toContain('Wrapped up chat 7 (Resolved)');
  });

  it('without an id lists the chats I owe a reason for', async () => {
    const http = new FakeTransport()
      .on('GET', '/v1/chats', json({ items: [chat()] }), { wrapupDue: 'true' })
      .on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'wrap-up'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('7\tended\tMelissa Grant\n');
  });

  it('refuses an id without --reason before asking the server (exit 2)', async () => {
    const http = new FakeTransport();
    const res = await runCli(['chat', 'wrap-up', '7'], { transport: http });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('give your wrap-up reason with --reason');
    expect(res.requests).toEqual([]);
  });

  it('says when nothing is owed (exit 5)', async () => {
    const http = new FakeTransport()
      .on('POST', '/v1/chats/7/wrapup', apiError(409, 'you owe no wrap-up reason for chat 7'))
      .on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'wrap-up', '7', '--reason', 'Resolved'], { transport: http });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('you owe no wrap-up reason for chat 7');
  });
});

describe('desk chat end-conference', () => {
  it('sends my wrap-up reason when I leave', async () => {
    const http = new FakeTransport()
      .on('POST', '/v1/chats/7/end-conference', json(chat({ state: 'active' })))
      .on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'end-conference', '7', '--technician', '2', '--reason', 'Resolved'], {
      transport: http,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.requests.find((r) => r.path === '/v1/chats/7/end-conference')?.body).toEqual({
      technicianId: 2,
      reason: 'Resolved',
    });
    expect(res.stderr).toContain('Technician 2 left the conference of chat 7 (Resolved)');
  });
});

describe('desk chat show', () => {
  it("lists each technician's wrap-up reason, given or owed", async () => {
    const detail = {
      ...chat(),
      origin: { ip: null, os: null, device: null, client: null, clientVersion: null },
      wrapup: 'Resolved',
      wrapups: [
        { technician: sam, reason: 'Resolved', due: false },
        { technician: { id: 3, name: 'Kim Park' }, reason: null, due: true },
      ],
      endedBy: 'customer',
      transfer: null,
      messages: [],
      seq: 4,
    };
    const http = new FakeTransport().on('GET', '/v1/chats/7', json(detail)).on('GET', '/v1/me', json(me()));
    const res = await runCli(['chat', 'show', '7'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Wrap-ups +Sam Tech: Resolved, Kim Park: owed\n/);
  });
});
