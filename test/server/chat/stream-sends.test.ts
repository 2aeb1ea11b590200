/**
 * Chat messages a customer sends on their event stream (`{"type":"send"}` frames): stored like a
 * POST, answered once committed, refused with the POST's error, stored once per client id, and in
 * the order sent — on a real server and database.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

type Answer =
  | { type: 'sent'; clientId: string; message: { id: number; body: string; clientId: string } }
  | {
      type: 'refused';
      clientId: string | null;
      status: number;
      error: { code: string; message: string; field?: string };
    };

/** A customer's stream that records the answers to the frames sent on it. */
async function openSender(url: string, token: string) {
  const socket = new WebSocket(url.replace(/^http/, 'ws') + '/v1/customer/events', {
    headers: { authorization: `Bearer ${token}` },
  });
  const answers: Answer[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as { type: string };
    if (msg.type === 'sent' || msg.type === 'refused') {
      answers.push(msg as Answer);
      wake?.();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return {
    closed,
    send: (frame: unknown) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** Waits for `n` answers in all (5 s at most). */
    async answers(n: number): Promise<Answer[]> {
      const deadline = Date.now() + 5000;
      while (answers.length < n) {
        if (Date.now() > deadline) throw new Error(`${answers.length} of ${n} answers within 5 s`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return answers.slice(0, n);
    },
    close: () => socket.close(),
  };
}

describe.each<DbKind>(['sqlite', 'postgres'])('customer sends on the event stream (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  /** A chat of a new customer that Sam has accepted. */
  async function activeChat() {
    const { h, company } = desk;
    const sam = await h.technician('Sam Stream', { grant: [company] });
    await h.ok(sam.token, 'PUT', '/v1/status', { state: 'available' });
    const cust = await h.customer(company, 'Mel Stream');
    const samEvents = await h.stream(sam.token);
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'hello' });
    const chatId = req.chat.id as number;
    await samEvents.waitFor((e) => e.type === 'chat.offered' && e.data.chatId === chatId, 'offer');
    await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/accept`);
    return { sam, cust, samEvents, chatId };
  }

  const bodies = async (token: string, chatId: number): Promise<string[]> =>
    (await desk.h.ok(token, 'GET', `/v1/customer/chats/${chatId}`)).messages
      .filter((m: { author: { kind: string } }) => m.author.kind === 'contact')
      .map((m: { body: string }) => m.body);

  it('stores the message, answers it after the commit, and the technician sees it', async () => {
    const { cust, samEvents, chatId } = await activeChat();
    const sender = await openSender(desk.h.server.url, cust.token);
    sender.send({ type: 'send', chatId, body: 'my screen is blank', clientId: 'c-1' });
    const [answer] = await sender.answers(1);
    expect(answer).toMatchObject({
      type: 'sent',
      clientId: 'c-1',
      message: { body: 'my screen is blank', clientId: 'c-1' },
    });
    const seen = await samEvents.waitFor(
      (e) => e.type === 'chat.message' && e.data.message.body === 'my screen is blank',
      'the message',
    );
    expect(seen.data.message.id).toBe(answer!.type === 'sent' ? answer!.message.id : -1);
    expect(await bodies(cust.token, chatId)).toEqual(['hello', 'my screen is blank']);
    sender.close();
  });

  it('stores a message sent again with the same client id once, on the stream or by POST', async () => {
    const { cust, chatId } = await activeChat();
    const sender = await openSender(desk.h.server.url, cust.token);
    const frame = { type: 'send', chatId, body: 'once', clientId: 'same-id' };
    sender.send(frame);
    sender.send(frame);
    const [first, second] = await sender.answers(2);
    const posted = await desk.h.ok(cust.token, 'POST', `/v1/customer/chats/${chatId}/messages`, {
      body: 'once',
      clientId: 'same-id',
    });
    const id = first!.type === 'sent' ? first!.message.id : -1;
    expect(second).toMatchObject({ type: 'sent', message: { id } });
    expect(posted.id).toBe(id);
    expect(await bodies(cust.token, chatId)).toEqual(['hello', 'once']);
    sender.close();
  });

  it('stores messages sent at once in the order sent', async () => {
    const { cust, chatId } = await activeChat();
    const sender = await openSender(desk.h.server.url, cust.token);
    const sent = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    for (const [i, body] of sent.entries()) sender.send({ type: 'send', chatId, body, clientId: `o-${i}` });
    const answers = await sender.answers(20);
    expect(answers.map((a) => a.clientId)).toEqual(sent.map((_, i) => `o-${i}`));
    const ids = answers.map((a) => (a.type === 'sent' ? a.message.id : -1));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await bodies(cust.token, chatId)).toEqual(['hello', ...sent]);
    sender.close();
  });

  it('refuses what the POST refuses, with its status and error, and stores nothing', async () => {
    const { cust, chatId } = await activeChat();
    const other = await desk.h.customer(desk.company, 'Ola Other');
    const sender = await openSender(desk.h.server.url, other.token);
    sender.send({ type: 'send', chatId, body: 'not my chat', clientId: 'x-1' });
    sender.send({ type: 'send', chatId, body: '   ', clientId: 'x-2' });
    sender.send({ type: 'send', chatId, body: 'no client id' });
    sender.send('{not json');
    sender.send({ type: 'dance', chatId, body: 'what', clientId: 'x-5' });
    const answers = await sender.answers(5);
    expect(answers).toEqual([
      { type: 'refused', clientId: 'x-1', status: 404, error: expect.objectContaining({ code: 'not_found' }) },
      {
        type: 'refused',
        clientId: 'x-2',
        status: 400,
        error: expect.objectContaining({ code: 'invalid', field: 'body' }),
      },
      { type: 'refused', clientId: null, status: 400, error: expect.objectContaining({ code: 'invalid' }) },
      { type: 'refused', clientId: null, status: 400, error: expect.objectContaining({ code: 'invalid' }) },
      { type: 'refused', clientId: 'x-5', status: 400, error: expect.objectContaining({ code: 'invalid' }) },
    ]);
    expect(await bodies(cust.token, chatId)).toEqual(['hello']);
    sender.close();
  });

  it('stores nothing sent after the session logged out: refused, or the stream has closed', async () => {
    const { sam, cust, chatId } = await activeChat();
    const sender = await openSender(desk.h.server.url, cust.token);
    await desk.h.ok(cust.token, 'POST', '/v1/customer/logout');
    sender.send({ type: 'send', chatId, body: 'after logout', clientId: 'l-1' });
    // The logout closes the stream too; whichever comes first, the message is not stored.
    const outcome = await Promise.race([sender.answers(1), sender.closed]);
    if (typeof outcome === 'number') expect(outcome).toBe(4401);
    else {
      expect(outcome[0]).toMatchObject({ type: 'refused', clientId: 'l-1', status: 401 });
      expect(outcome[0]!.type === 'refused' && outcome[0]!.error.code).toBe('unauthenticated');
    }
    const chat = await desk.h.ok(sam.token, 'GET', `/v1/chats/${chatId}`);
    expect(chat.messages.map((m: { body: string }) => m.body)).not.toContain('after logout');
    sender.close();
  });
});
