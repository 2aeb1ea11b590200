/**
 * Several customers in one support session (SQLite and PostgreSQL): a second customer invited by
 * link into a running chat and a third joining by session number see the conversation from when
 * they came (transcript and event stream), the technician sees who said what, the admin cap on
 * customers per session, a guest leaving while the chat goes on, and the join routes' rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import type { SeededTechnician } from '../helpers/seed.js';
import { EventLog } from '../helpers/chat-api.js';

interface Msg {
  id: number;
  body: string;
  author: { kind: string; name: string };
}

describe.each<DbKind>(['sqlite', 'postgres'])('several customers in one support session (%s)', (kind) => {
  let desk: Desk;
  let acme: number;
  let globex: number;
  let sam: SeededTechnician;
  const logs: EventLog[] = [];

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    acme = await desk.seed.company('Acme');
    globex = await desk.seed.company('Globex');
    sam = await desk.seed.technician('Sam', { grant: [acme] });
  });
  afterAll(async () => {
    for (const l of logs) l.close();
    await desk?.close();
  });

  const stream = async (token: string, since: number) => {
    const log = new EventLog(`${desk.server.url.replace(/^http/, 'ws')}/v1/customer/events?since=${since}`, token);
    logs.push(log);
    await log.ready;
    return log;
  };
  const invite = async (email: string, chat?: number) => {
    const res = await desk.run(['chat', 'invite', ...(chat ? [String(chat)] : []), '--email', email], {
      token: sam.token,
    });
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim().split('/join/')[1]!;
  };
  const transcript = async (token: string, chatId: number) =>
    (await desk.seed.ok<{ messages: Msg[] }>(token, 'GET', `/v1/customer/chats/${chatId}`)).messages.map((m) => m.body);
  const say = (chatId: number, text: string) =>
    desk.run(['chat', 'send', String(chatId), '--message', text], { token: sam.token });

  it('a second customer by link and a third by number see the session from when they came; the cap holds', async () => {
    const nia = await desk.seed.customer(acme, 'Nia Primary');
    await desk.seed.contact(acme, 'Mel Guest', { email: 'mel@customer.example' });
    const bob = await desk.seed.customer(acme, 'Bob Third');
    const gus = await desk.seed.customer(globex, 'Gus Outsider');

    // Nia opens her link: the answer is the contract's { token, customer, chatId }.
    const first = await desk.seed.call<{ token: string; customer: { name: string }; chatId: number }>(
      '',
      'POST',
      '/v1/customer/join',
      { token: await invite(nia.email) },
    );
    expect(first.status).toBe(201);
    expect(first.body.customer.name).toBe('Nia Primary');
    const chatId = first.body.chatId;
    expect((await say(chatId, 'before Mel came')).code).toBe(0);

    // Mel is invited into the running chat and joins by her link.
    const mel = await desk.seed.call<{ token: string; chatId: number }>('', 'POST', '/v1/customer/join', {
      token: await invite('mel@customer.example', chatId),
    });
    expect(mel.status).toBe(201);
    expect(mel.body.chatId).toBe(chatId);
    const melToken = mel.body.token;
    expect(await transcript(melToken, chatId)).toEqual(['Mel Guest joined the session']);
    const melLog = await stream(melToken, 0);
    expect((await say(chatId, 'after Mel came')).code).toBe(0);
    await melLog.waitFor((e) => e.type === 'chat.message' && e.data.message.body === 'after Mel came', 'new message');
    expect(melLog.of('chat.message').map((e) => e.data.message.body)).not.toContain('before Mel came');

    const sent = await desk.seed.call(melToken, 'POST', `/v1/customer/chats/${chatId}/messages`, {
      body: 'Mel here, same printer',
    });
    expect(sent.status).toBe(201);
    expect(await transcript(nia.token, chatId)).toEqual(
      expect.arrayContaining(['before Mel came', 'Mel Guest joined the session', 'Mel here, same printer']),
    );
    // The technician sees who said what.
    const shown = await desk.json<{ messages: Msg[] }>(['chat', 'show', String(chatId)], { token: sam.token });
    expect(shown.messages.find((m) => m.body === 'Mel here, same printer')?.author).toMatchObject({
      kind: 'contact',
      name: 'Mel Guest',
    });
    const number = (await desk.json<{ sessionNumber: string }>(['chat', 'show', String(chatId)], { token: sam.token }))
      .sessionNumber;

    // At most chat.max-customers customers; a customer of another company is told there is no such session.
    expect((await desk.run(['admin', 'settings', 'set', 'chat.max-customers', '2'])).code).toBe(0);
    const full = await desk.seed.call<{ error: { message: string } }>(bob.token, 'POST', '/v1/customer/chats/join', {
      sessionNumber: number,
    });
    expect(full.status).toBe(409);
    expect(full.body.error.message).toContain('has its 2 customers already (chat.max-customers)');
    expect((await desk.run(['admin', 'settings', 'set', 'chat.max-customers', 'lots'])).code).toBe(5);
    expect((await desk.run(['admin', 'settings', 'set', 'chat.max-customers', '3'])).code).toBe(0);
    const outsider = await desk.seed.call(gus.token, 'POST', '/v1/customer/chats/join', { sessionNumber: number });
    expect(outsider.status).toBe(404);
    const { seq } = await desk.json<{ seq: number }>(['chat', 'show', String(chatId)], { token: sam.token });
    const bobLog = await stream(bob.token, seq);
    const bobIn = await desk.seed.call<{ chatId: number }>(bob.token, 'POST', '/v1/customer/chats/join', {
      sessionNumber: number,
    });
    expect(bobIn.status, JSON.stringify(bobIn.body)).toBe(200);
    expect(bobIn.body.chatId).toBe(chatId);
    expect((await say(chatId, 'welcome Bob')).code).toBe(0);
    await bobLog.waitFor((e) => e.type === 'chat.message' && e.data.message.body === 'welcome Bob', 'live message');
    expect(bobLog.of('chat.message').map((e) => e.data.message.body)).not.toContain('Mel here, same printer');
    expect(await transcript(bob.token, chatId)).toEqual(['Bob Third joined the session', 'welcome Bob']);
    const chats = await desk.seed.ok<{ items: Array<{ id: number }> }>(bob.token, 'GET', '/v1/customer/chats');
    expect(chats.items.map((c) => c.id)).toContain(chatId);

    // Mel leaves: the chat goes on; she writes no more.
    const left = await desk.seed.call(melToken, 'POST', `/v1/customer/chats/${chatId}/end`);
    expect(left.status).toBe(200);
    const after = await desk.json<{ state: string; messages: Msg[] }>(['chat', 'show', String(chatId)], {
      token: sam.token,
    });
    expect(after.state).toBe('active');
    expect(after.messages.map((m) => m.body)).toContain('Mel Guest left the session');
    expect(
      (await desk.seed.call(melToken, 'POST', `/v1/customer/chats/${chatId}/messages`, { body: 'hi' })).status,
    ).toBe(404);
    // Read afterwards, the chat shows her part up to her leaving, and says she left.
    expect((await say(chatId, 'just us now, Bob')).code).toBe(0);
    const melView = await desk.seed.ok<{ left?: boolean; messages: Msg[] }>(
      melToken,
      'GET',
      `/v1/customer/chats/${chatId}`,
    );
    expect(melView.left).toBe(true);
    expect(melView.messages.map((m) => m.body).at(-1)).toBe('Mel Guest left the session');
    expect(await transcript(bob.token, chatId)).toContain('just us now, Bob');

    // Session numbers are tried at most 10 times a minute per caller.
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await desk.seed.call(gus.token, 'POST', '/v1/customer/chats/join', { sessionNumber: '100000001' });
      last = res.status;
      retryAfter = res.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
