/** `desk chat invite|join|control|leave` and `desk customer join` in-process against a fake server. */
import { describe, expect, it } from 'vitest';
import { SERVER, runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { acme, sam } from '../../helpers/cli-fixtures.js';
import type { Chat } from '../../../src/core/chat.js';

const TOKEN = `dj_${'ab12'.repeat(16)}`;

function chat(over: Partial<Chat> = {}): Chat {
  return {
    id: 7,
    state: 'offered',
    initiatedBy: 'technician',
    queue: { id: 1, name: 'default' },
    company: acme,
    contact: { id: 5, name: 'Nia New', email: 'nia@example.com' },
    owner: sam,
    offeredTo: null,
    participants: [],
    ticketId: null,
    transferPending: false,
    preview: null,
    sessionNumber: '482913075',
    requestedAt: '2030-01-07T09:00:00.000Z',
    acceptedAt: null,
    endedAt: null,
    updatedAt: '2030-01-07T09:00:00.000Z',
    ...over,
  };
}

const invited = (created: boolean) =>
  json(
    {
      chat: chat(),
      contact: { id: 5, name: 'Nia New', email: 'nia@example.com', created },
      path: `/join/${TOKEN}`,
      sessionNumber: '482913075',
      expiresAt: '2030-01-07T09:02:00.000Z',
    },
    201,
  );

describe('desk chat invite', () => {
  it('sends the address, name and company and prints the whole join link', async () => {
    const http = new FakeTransport().on('POST', '/v1/chats/invite', invited(true));
    const res = await runCli(['chat', 'invite', '--email', 'Nia@Example.com', '--name', 'Nia New', '--company', '1'], {
      transport: http,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(http.requests[0]?.body).toEqual({ email: 'Nia@Example.com', name: 'Nia New', companyId: 1 });
    expect(res.stdout).toBe(`${SERVER}/join/${TOKEN}\n`);
    expect(res.stderr).toContain('Added Nia New <n**@example.com> as a contact');
    expect(res.stderr).toContain('Invited Nia New to chat 7 (session number 482913075)');
  });

  it('invites into a running chat given its id', async () => {
    const http = new FakeTransport().on('POST', '/v1/chats/invite', invited(false));
    const res = await runCli(['chat', 'invite', '7', '--email', 'nia@example.com', '--json'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(http.requests[0]?.body).toEqual({ chatId: 7, email: 'nia@example.com' });
    expect(JSON.parse(res.stdout)).toMatchObject({ url: `${SERVER}/join/${TOKEN}`, sessionNumber: '482913075' });
  });

  it('refuses a bad address, chat id or company, and a message into a running chat, before asking the server', async () => {
    const http = new FakeTransport();
    for (const args of [
      ['--email', 'not-an-address'],
      ['x', '--email', 'nia@example.com'],
      ['--email', 'nia@example.com', '--company', 'acme'],
      ['7', '--email', 'nia@example.com', '--message', 'hi'],
      ['--email', 'nia@example.com', '--message', 'hello <name>'],
    ]) {
      const res = await runCli(['chat', 'invite', ...args], { transport: http });
      expect(res.code, args.join(' ')).toBe(5);
    }
    expect(http.requests).toEqual([]);
  });

  it("shows the server's refusal of an unknown address without a company (exit 5)", async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/chats/invite',
      apiError(400, 'no contact has the address x@y.example: give the company to add them to (--company ID)'),
    );
    const res = await runCli(['chat', 'invite', '--email', 'x@y.example'], { transport: http });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('give the company to add them to (--company ID)');
  });
});

describe('desk chat join|control|leave', () => {
  it('join sends the number without spaces or dashes', async () => {
    const http = new FakeTransport().on('POST', '/v1/chats/join', json(chat({ state: 'active' })));
    const res = await runCli(['chat', 'join', '482 913-075'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(http.requests[0]?.body).toEqual({ sessionNumber: '482913075' });
    expect(res.stderr).toContain('Joined chat 7 with Nia New as an assistant; Sam Tech has control');
  });

  it('join refuses what is not a 9-digit number before asking', async () => {
    const http = new FakeTransport();
    for (const bad of ['12345678', '1234567890', '012345678', 'abcdefghi']) {
      const res = await runCli(['chat', 'join', bad], { transport: http });
      expect(res.code, bad).toBe(5);
      expect(res.stderr).toContain('the session number is 9 digits');
    }
    expect(http.requests).toEqual([]);
  });

  it('control names the technician; leave names the chat', async () => {
    const kim = { id: 3, name: 'Kim' };
    const http = new FakeTransport()
      .on('POST', '/v1/chats/7/control', json(chat({ state: 'active', owner: kim })))
      .on('POST', '/v1/chats/7/leave', json(chat({ state: 'active', owner: kim })));
    const control = await runCli(['chat', 'control', '7', '--to', '3'], { transport: http });
    expect(control.code, control.stderr).toBe(0);
    expect(http.requests[0]?.body).toEqual({ technicianId: 3 });
    expect(control.stderr).toContain('Passed control of chat 7 to Kim; you stay in it');
    const leave = await runCli(['chat', 'leave', '7'], { transport: http });
    expect(leave.code, leave.stderr).toBe(0);
    expect(http.requests[1]?.path).toBe('/v1/chats/7/leave');
    const missing = await runCli(['chat', 'control', '7'], { transport: http });
    expect(missing.code).toBe(2);
  });
});

describe('desk customer join', () => {
  it('exchanges a whole link for a session on the server the link names, with no token sent', async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/customer/join',
      json(
        { token: 'dcs_abc', customer: { id: 5, name: 'Nia New', email: 'nia@example.com', company: acme }, chatId: 7 },
        201,
      ),
    );
    const res = await runCli(['customer', 'join', `https://help.example/join/${TOKEN}`], {
      transport: http,
      env: { DESK_SERVER: undefined, DESK_TOKEN: undefined },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(http.requests[0]).toMatchObject({ path: '/v1/customer/join', body: { token: TOKEN } });
    expect(http.requests[0]?.origin).toBe('https://help.example');
    expect(res.stderr).toContain('Joined chat 7 as Nia New (profile customer)');
  });

  it('refuses what is neither a link nor a number', async () => {
    const http = new FakeTransport();
    const res = await runCli(['customer', 'join', 'hello'], { transport: http });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('"hello" is neither a join link nor a 9-digit session number');
    expect(http.requests).toEqual([]);
  });
});
