import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatHarness } from '../helpers/chat-api.js';
import type { DbKind } from '../helpers/desk.js';
import { batchStats } from '../../src/server/services/chat/messages.js';
import { samplePng } from '../helpers/sample-files.js';

describe.each<DbKind>(['sqlite', 'postgres'])('live chat routing and lifecycle (%s)', (kind) => {
  let h: ChatHarness;
  let company: number;

  beforeAll(async () => {
    h = await ChatHarness.start(kind);
    company = await h.company('Acme');
    await h.ok(h.adminToken, 'POST', '/v1/wrapups', { name: 'Resolved' });
    await h.ok(h.adminToken, 'POST', '/v1/wrapups', { name: 'Transferred' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has a default offer-mode queue and reports Offline until a technician sets a state', async () => {
    const queues = await h.ok<Array<{ name: string; mode: string; isDefault: boolean; allTechnicians: boolean }>>(
      h.adminToken,
      'GET',
      '/v1/queues',
    );
    expect(queues).toEqual([
      expect.objectContaining({ name: 'default', mode: 'offer', isDefault: true, allTechnicians: true }),
    ]);
    const status = await h.ok(h.adminToken, 'GET', '/v1/status');
    expect(status.state).toBe('offline');
    const away = await h.ok(h.adminToken, 'PUT', '/v1/status', { state: 'away', reason: 'lunch' });
    expect(away).toMatchObject({ state: 'away', reason: 'lunch' });
    const bad = await h.call(h.adminToken, 'PUT', '/v1/status', { state: 'rona' });
    expect(bad.status).toBe(400);
    await h.ok(h.adminToken, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('customer request → offer → accept → messages both ways → transfer → conference → end', async () => {
    const queue = await h.ok(h.adminToken, 'POST', '/v1/queues', {
      name: 'support',
      mode: 'offer',
      offerTimeoutMs: 60_000,
    });
    const sam = await h.technician('Sam Flow', { grant: [company] });
    const kim = await h.technician('Kim Flow', { grant: [company] });
    const lee = await h.technician('Lee Flow', { grant: [company] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [sam.id, kim.id] });
    await h.ok(sam.token, 'PUT', '/v1/status', { state: 'available' });
    const cust = await h.customer(company, 'Melissa Flow');
    const samEvents = await h.stream(sam.token);
    const custEvents = await h.stream(cust.token, '/v1/customer/events');

    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {
      queue: 'support',
      message: 'My printer is on fire',
      origin: { os: 'linux', device: 'desktop', client: 'desk-cli', clientVersion: '1.0.0' },
    });
    expect(req.busy).toBe(false);
    const chatId = req.chat.id as number;
    const offered = await samEvents.waitFor((e) => e.type === 'chat.offered' && e.data.chatId === chatId, 'offer');
    expect(offered.data.offer.technicianId).toBe(sam.id);

    const accepted = await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/accept`);
    expect(accepted).toMatchObject({ accepted: 'offer', chat: { state: 'active', owner: { id: sam.id } } });
    await custEvents.waitFor((e) => e.type === 'chat.updated' && e.data.customerChat?.state === 'active', 'accepted');

    const m1 = await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/messages`, {
      body: 'Unplug it please',
      clientId: 'm1',
    });
    await custEvents.waitFor((e) => e.type === 'chat.message' && e.data.message.id === m1.id, 'technician message');
    const m2 = await h.ok(cust.token, 'POST', `/v1/customer/chats/${chatId}/messages`, { body: 'Done, thanks' });
    await samEvents.waitFor((e) => e.type === 'chat.message' && e.data.message.id === m2.id, 'customer message');
    const refused = await h.call(sam.token, 'POST', `/v1/chats/${chatId}/messages`, { body: 'use <name>' });
    expect(refused.status).toBe(400);

    // Transfer to Kim, who accepts.
    const note = 'x'.repeat(346);
    expect(
      (
        await h.call(sam.token, 'POST', `/v1/chats/${chatId}/transfer`, {
          toTechnicianId: kim.id,
          note,
          reason: 'Transferred',
        })
      ).status,
    ).toBe(400);
    await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/transfer`, {
      toTechnicianId: kim.id,
      note: 'VIP',
      reason: 'transferred',
    });
    const t = await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/accept`);
    expect(t).toMatchObject({ accepted: 'transfer', chat: { owner: { id: kim.id } } });
    expect((await h.call(sam.token, 'POST', `/v1/chats/${chatId}/messages`, { body: 'still here?' })).status).toBe(403);

    // Conference with Lee.
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/conference`, { technicianId: lee.id });
    const c = await h.ok(lee.token, 'POST', `/v1/chats/${chatId}/accept`);
    expect(c.accepted).toBe('conference');
    await h.ok(lee.token, 'POST', `/v1/chats/${chatId}/messages`, { body: 'Lee here' });
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/end-conference`, { technicianId: lee.id });
    expect((await h.call(lee.token, 'POST', `/v1/chats/${chatId}/messages`, { body: 'gone' })).status).toBe(403);

    // End with a wrap-up reason from the list.
    expect((await h.call(kim.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Nope' })).status).toBe(400);
    const ended = await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    expect(ended.state).toBe('ended');
    await custEvents.waitFor((e) => e.type === 'chat.updated' && e.data.customerChat?.state === 'ended', 'ended');

    const detail = await h.ok(kim.token, 'GET', `/v1/chats/${chatId}`);
    expect(detail).toMatchObject({
      wrapup: 'Resolved',
      origin: { os: 'linux', device: 'desktop', client: 'desk-cli', ip: '127.0.0.1' },
    });
    const bodies = detail.messages.map((m: { body: string }) => m.body);
    expect(bodies).toEqual(
      expect.arrayContaining(['My printer is on fire', 'Unplug it please', 'Done, thanks', 'Lee here']),
    );
    // The customer never sees internal lines (the transfer note).
    const mine = await h.ok(cust.token, 'GET', `/v1/customer/chats/${chatId}`);
    expect(mine.messages.some((m: { body: string }) => m.body.includes('VIP'))).toBe(false);
    expect(custEvents.events.some((e) => JSON.stringify(e.data).includes('VIP'))).toBe(false);
    samEvents.close();
    custEvents.close();
    await h.ok(sam.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('an offer not answered in time puts the technician in RONA and goes to the next', async () => {
    const queue = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'rona', offerTimeoutMs: 5000 });
    const a = await h.technician('Ann Rona', { grant: [company] });
    const b = await h.technician('Bob Rona', { grant: [company] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [a.id, b.id] });
    await h.ok(a.token, 'PUT', '/v1/status', { state: 'available' });
    await h.advance(1000);
    await h.ok(b.token, 'PUT', '/v1/status', { state: 'available' });
    const cust = await h.customer(company, 'Rona Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { queue: 'rona' });
    const chatId = req.chat.id;
    // Ann has been idle longest.
    let chat = await h.ok(a.token, 'GET', `/v1/chats/${chatId}`);
    expect(chat).toMatchObject({ state: 'offered', offeredTo: { id: a.id } });
    await h.advance(5000);
    expect((await h.ok(a.token, 'GET', '/v1/status')).state).toBe('rona');
    chat = await h.ok(a.token, 'GET', `/v1/chats/${chatId}`);
    expect(chat).toMatchObject({ state: 'offered', offeredTo: { id: b.id } });
    // Bob declines: nobody is left, the customer hears the desk is busy, the request waits.
    const custEvents = await h.stream(cust.token, '/v1/customer/events', 0);
    const annEvents = await h.stream(a.token);
    await h.ok(b.token, 'POST', `/v1/chats/${chatId}/decline`);
    await custEvents.waitFor((e) => e.type === 'chat.busy', 'busy');
    // Technicians' lists hear that the request is waiting again.
    const requeued = await annEvents.waitFor(
      (e) => e.type === 'chat.updated' && e.data.chatId === chatId && e.data.change === 'requeued',
      'requeued',
    );
    expect(requeued.data.chat).toMatchObject({ state: 'requested', offeredTo: null });
    annEvents.close();
    chat = await h.ok(a.token, 'GET', `/v1/chats/${chatId}`);
    expect(chat).toMatchObject({ state: 'requested', offeredTo: null });
    // Ann comes back from RONA: the waiting request is offered to her.
    await h.ok(a.token, 'PUT', '/v1/status', { state: 'available' });
    chat = await h.ok(a.token, 'GET', `/v1/chats/${chatId}`);
    expect(chat).toMatchObject({ state: 'offered', offeredTo: { id: a.id } });
    await h.ok(a.token, 'POST', `/v1/chats/${chatId}/accept`);
    custEvents.close();
    await h.ok(a.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    await h.ok(a.token, 'PUT', '/v1/status', { state: 'offline' });
    await h.ok(b.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('pick mode: of concurrent takes exactly one wins', async () => {
    const queue = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'pick', mode: 'pick' });
    const techs = await Promise.all(
      ['Pia', 'Pat', 'Pel', 'Pom'].map((n) => h.technician(`${n} Pick`, { grant: [company], available: true })),
    );
    await h.ok(h.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: techs.map((t) => t.id) });
    for (let round = 0; round < 3; round++) {
      const cust = await h.customer(company, `Pick Customer ${round}`);
      const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { queue: 'pick' });
      const results = await Promise.all(techs.map((t) => h.call(t.token, 'POST', `/v1/chats/${req.chat.id}/take`)));
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(techs.length - 1);
      const chat = await h.ok(h.adminToken, 'GET', `/v1/chats/${req.chat.id}`);
      expect(chat.owner.id).toBe(winners[0]!.body.owner.id);
    }
    for (const t of techs) await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('concurrent accepts of one offer give one owner', async () => {
    const t = await h.technician('Acc Once', { grant: [company], available: true });
    const cust = await h.customer(company, 'Accept Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    const results = await Promise.all([1, 2, 3].map(() => h.call(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('a technician-initiated chat expires when the customer does not accept in time', async () => {
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.invite-timeout', value: '30s' });
    const t = await h.technician('Ivy Invite', { grant: [company] });
    const cust = await h.customer(company, 'Invited Customer');
    const events = await h.stream(t.token);
    const started = await h.ok(t.token, 'POST', '/v1/chats', { contactId: cust.id, message: 'Hello from IT' });
    expect(started).toMatchObject({ reused: false, chat: { state: 'offered', initiatedBy: 'technician' } });
    const chatId = started.chat.id;
    const list = await h.ok(cust.token, 'GET', '/v1/customer/chats');
    expect(list.items[0]).toMatchObject({ id: chatId, state: 'offered' });
    await h.advance(29_000);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${chatId}`)).state).toBe('offered');
    await h.advance(1000);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${chatId}`)).state).toBe('expired');
    const expiry = await events.waitFor(
      (e) => e.type === 'chat.notice' && e.data.kind === 'invitation-expired',
      'expiry notice',
    );
    // A notice names the technician it is for.
    expect(expiry.data.technicianId).toBe(t.id);
    events.close();
    // A second invitation, accepted.
    const again = await h.ok(t.token, 'POST', '/v1/chats', { contactId: cust.id });
    const acc = await h.ok(cust.token, 'POST', `/v1/customer/chats/${again.chat.id}/accept`);
    expect(acc.state).toBe('active');
    await h.ok(t.token, 'POST', `/v1/chats/${again.chat.id}/end`, { reason: 'Resolved' });
  });

  it('makes a ticket after the conversation threshold, with the transcript, and appends the rest at the end', async () => {
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.auto-ticket-after', value: '10s' });
    const t = await h.technician('Tia Ticket', { grant: [company], available: true });
    const cust = await h.customer(company, 'Ticket Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'hello' });
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/messages`, { body: 'first answer' });
    await h.advance(9000);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`)).ticketId).toBeNull();
    await h.advance(1000);
    const chat = await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`);
    expect(chat.ticketId).toEqual(expect.any(Number));
    let ticket = await h.ok(t.token, 'GET', `/v1/tickets/${chat.ticketId}`);
    expect(ticket.title).toBe('New ticket opened from chat');
    expect(ticket.requester.id).toBe(cust.id);
    expect(ticket.comments[0].body).toContain('first answer');
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${req.chat.id}/messages`, { body: 'late words' });
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    ticket = await h.ok(t.token, 'GET', `/v1/tickets/${chat.ticketId}`);
    expect(ticket.comments).toHaveLength(2);
    expect(ticket.comments[1].body).toContain('late words');
    const renamed = await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/ticket`, { title: 'Printer fire' });
    expect(renamed).toEqual({ ticketId: chat.ticketId, created: false, title: 'Printer fire' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('stores a message resent with the same client id once', async () => {
    const t = await h.technician('Ida Idem', { grant: [company], available: true });
    const cust = await h.customer(company, 'Idem Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    const sends = await Promise.all(
      [1, 2, 3, 4].map(() =>
        h.ok(cust.token, 'POST', `/v1/customer/chats/${req.chat.id}/messages`, { body: 'once', clientId: 'same-1' }),
      ),
    );
    expect(new Set(sends.map((s) => s.id)).size).toBe(1);
    const again = await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/messages`, {
      body: 'tech once',
      clientId: 'same-1',
    });
    const again2 = await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/messages`, {
      body: 'tech once',
      clientId: 'same-1',
    });
    expect(again2.id).toBe(again.id);
    const detail = await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`);
    expect(detail.messages.filter((m: { body: string }) => m.body === 'once')).toHaveLength(1);
    expect(detail.messages.filter((m: { body: string }) => m.body === 'tech once')).toHaveLength(1);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('takes files checked by content, refuses other types and serves them as downloads', async () => {
    const t = await h.technician('Fay Files', { grant: [company], available: true });
    const cust = await h.customer(company, 'File Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    const upload = (token: string, path: string, name: string, data: Buffer) =>
      fetch(`${h.server.url}${path}?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: data,
      });
    const png = samplePng(100, 1);
    const ok = await upload(cust.token, `/v1/customer/chats/${req.chat.id}/files`, 'screen shot.png', png);
    expect(ok.status).toBe(201);
    const m = (await ok.json()) as { id: number; file: { id: number; name: string; type: string; size: number } };
    expect(m.file).toMatchObject({ name: 'screen shot.png', type: 'image/png', size: png.length });
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]);
    expect((await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'setup.png', exe)).status).toBe(400);
    expect((await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'fake.pdf', png)).status).toBe(400);
    const text = await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'notes.log', Buffer.from('line 1\nline 2\n'));
    expect(text.status).toBe(201);
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    expect((await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'big.txt', big)).status).toBe(400);
    const down = await fetch(`${h.server.url}/v1/chats/${req.chat.id}/files/${m.file.id}`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect(down.status).toBe(200);
    expect(down.headers.get('content-disposition')).toMatch(/^attachment; filename="screen shot.png"/);
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await down.arrayBuffer()).equals(png)).toBe(true);
    // Another customer cannot fetch it.
    const other = await h.customer(company, 'Other Customer');
    const denied = await fetch(`${h.server.url}/v1/customer/chats/${req.chat.id}/files/${m.file.id}`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(denied.status).toBe(404);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('keeps technician and customer credentials apart, and limits identity codes', async () => {
    const cust = await h.customer(company, 'Sep Customer');
    expect((await h.call(cust.token, 'GET', '/v1/chats')).status).toBe(401);
    expect((await h.call(h.adminToken, 'GET', '/v1/customer/chats')).status).toBe(401);
    const wrong = await h.call('', 'POST', '/v1/customer/verify', { email: cust.email, code: '000000' });
    expect(wrong.status).toBe(400);
    // Unknown addresses get the same answer as known ones.
    expect((await h.call('', 'POST', '/v1/customer/login', { email: 'nobody@nowhere.example' })).status).toBe(202);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await h.call('', 'POST', '/v1/customer/login', { email: cust.email })).status;
    expect(last).toBe(429);
    const limited = await h.call('', 'POST', '/v1/customer/login', { email: cust.email });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Five wrong codes kill the code.
    await h.advance(16 * 60_000);
    await h.ok('', 'POST', '/v1/customer/login', { email: cust.email });
    const { code } = await h.ok(h.adminToken, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(cust.email)}`);
    const bad = code === '999999' ? '999998' : '999999';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await h.call('', 'POST', '/v1/customer/verify', { email: cust.email, code: bad })).status);
    expect(answers).toEqual([400, 400, 400, 400, 429]);
    expect((await h.call('', 'POST', '/v1/customer/verify', { email: cust.email, code })).status).toBe(400);
  });

  it('a transfer not accepted in time stays with the owner, who is told; unassign returns the chat to its queue', async () => {
    const q = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'xfer', offerTimeoutMs: 20_000 });
    const own = await h.technician('Oma Owner', { grant: [company] });
    const tgt = await h.technician('Ted Target', { grant: [company] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${q.id}/members`, { add: [own.id, tgt.id] });
    await h.ok(own.token, 'PUT', '/v1/status', { state: 'available' });
    const cust = await h.customer(company, 'Xfer Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { queue: 'xfer' });
    await h.ok(own.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    const ownEvents = await h.stream(own.token);
    await h.ok(own.token, 'POST', `/v1/chats/${req.chat.id}/transfer`, {
      toTechnicianId: tgt.id,
      reason: 'Transferred',
    });
    expect(
      (await h.call(own.token, 'POST', `/v1/chats/${req.chat.id}/transfer`, { toQueue: 'xfer', reason: 'Transferred' }))
        .status,
    ).toBe(409);
    await h.advance(20_000);
    await ownEvents.waitFor(
      (e) => e.type === 'chat.notice' && e.data.kind === 'transfer-expired',
      'transfer expiry notice',
    );
    let chat = await h.ok(own.token, 'GET', `/v1/chats/${req.chat.id}`);
    expect(chat).toMatchObject({ owner: { id: own.id }, transferPending: false, transfer: { state: 'expired' } });
    expect((await h.call(tgt.token, 'POST', `/v1/chats/${req.chat.id}/accept`)).status).toBe(409);
    // A declined transfer also stays.
    await h.ok(own.token, 'POST', `/v1/chats/${req.chat.id}/transfer`, {
      toTechnicianId: tgt.id,
      reason: 'Transferred',
    });
    await h.ok(tgt.token, 'POST', `/v1/chats/${req.chat.id}/decline`);
    await ownEvents.waitFor((e) => e.type === 'chat.notice' && e.data.kind === 'transfer-declined', 'decline notice');
    // A conference invitation that is not answered lapses too.
    await h.ok(own.token, 'POST', `/v1/chats/${req.chat.id}/conference`, { technicianId: tgt.id });
    await h.advance(20_000);
    await ownEvents.waitFor(
      (e) => e.type === 'chat.notice' && e.data.kind === 'conference-expired',
      'conference expiry',
    );
    // Unassign: back to the queue, offered to whoever is Available (here Ted).
    await h.ok(tgt.token, 'PUT', '/v1/status', { state: 'available' });
    await h.ok(own.token, 'PUT', '/v1/status', { state: 'offline' });
    await h.ok(own.token, 'POST', `/v1/chats/${req.chat.id}/unassign`);
    chat = await h.ok(own.token, 'GET', `/v1/chats/${req.chat.id}`);
    expect(chat).toMatchObject({ state: 'offered', owner: null, offeredTo: { id: tgt.id } });
    await h.ok(tgt.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    await h.ok(tgt.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(tgt.token, 'PUT', '/v1/status', { state: 'offline' });
    ownEvents.close();
  });

  it("respects a technician's chat limit", async () => {
    const t = await h.technician('Max Limit', { grant: [company] });
    await h.ok(h.adminToken, 'PUT', `/v1/technicians/${t.id}/max-chats`, { maxChats: 1 });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'available' });
    const a = await h.customer(company, 'Limit A');
    const b = await h.customer(company, 'Limit B');
    const ra = await h.ok(a.token, 'POST', '/v1/customer/chats', {});
    expect((await h.ok(t.token, 'GET', `/v1/chats/${ra.chat.id}`)).offeredTo.id).toBe(t.id);
    const rb = await h.ok(b.token, 'POST', '/v1/customer/chats', {});
    expect(rb.busy).toBe(true);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${rb.chat.id}`)).state).toBe('requested');
    await h.ok(t.token, 'POST', `/v1/chats/${ra.chat.id}/accept`);
    expect((await h.ok(t.token, 'GET', '/v1/status')).activeChats).toBe(1);
    // Ending the first chat makes room: the waiting one is offered.
    await h.ok(t.token, 'POST', `/v1/chats/${ra.chat.id}/end`, { reason: 'Resolved' });
    expect((await h.ok(t.token, 'GET', `/v1/chats/${rb.chat.id}`)).offeredTo.id).toBe(t.id);
    await h.ok(b.token, 'POST', `/v1/customer/chats/${rb.chat.id}/end`);
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('commits concurrent messages together, each acknowledged once stored', async () => {
    const t = await h.technician('Gus Group', { grant: [company], available: true });
    const custs = await Promise.all([1, 2, 3, 4].map((i) => h.customer(company, `Group Customer ${i}`)));
    const chats: number[] = [];
    for (const c of custs) {
      const req = await h.ok(c.token, 'POST', '/v1/customer/chats', {});
      await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
      chats.push(req.chat.id);
    }
    const before = batchStats(h.server.store);
    const sends = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        h.ok(custs[i % 4]!.token, 'POST', `/v1/customer/chats/${chats[i % 4]}/messages`, { body: `burst ${i}` }),
      ),
    );
    const after = batchStats(h.server.store);
    expect(after.messages - before.messages).toBe(80);
    expect(after.batches - before.batches).toBeLessThan(80);
    for (const [n, chatId] of chats.entries()) {
      const detail = await h.ok(t.token, 'GET', `/v1/chats/${chatId}`);
      const mine = sends.filter((_, i) => i % 4 === n).map((m) => m.id);
      expect(detail.messages.filter((m: { id: number }) => mine.includes(m.id))).toHaveLength(20);
    }
    for (const chatId of chats) await h.ok(t.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('starting a chat from a ticket links it and reuses my open chat on that ticket', async () => {
    const t = await h.technician('Tim Ticketchat', { grant: [company] });
    const cust = await h.customer(company, 'Ticket Chat Customer');
    const ticket = await h.ok(t.token, 'POST', '/v1/tickets', {
      title: 'Laptop',
      companyId: company,
      requesterId: cust.id,
    });
    const first = await h.ok(t.token, 'POST', '/v1/chats', { ticketId: ticket.id, message: 'About your laptop' });
    expect(first).toMatchObject({ reused: false, chat: { ticketId: ticket.id, state: 'offered' } });
    const again = await h.ok(t.token, 'POST', '/v1/chats', { ticketId: ticket.id });
    expect(again).toMatchObject({ reused: true, chat: { id: first.chat.id } });
    const noRequester = await h.ok(t.token, 'POST', '/v1/tickets', { title: 'Orphan', companyId: company });
    expect((await h.call(t.token, 'POST', '/v1/chats', { ticketId: noRequester.id })).status).toBe(400);
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${first.chat.id}/accept`);
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${first.chat.id}/messages`, { body: 'It is slow' });
    await h.ok(t.token, 'POST', `/v1/chats/${first.chat.id}/end`, { reason: 'Resolved' });
    // The conversation is appended to the ticket it was started from.
    const detail = await h.ok(t.token, 'GET', `/v1/tickets/${ticket.id}`);
    expect(detail.comments.at(-1).body).toContain('It is slow');
  });
});
