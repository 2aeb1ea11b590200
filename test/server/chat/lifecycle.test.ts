/** A chat from request to end: messages, transfers, conferences, invitations and their expiry. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('chat lifecycle (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('customer request → offer → accept → messages both ways → transfer → conference → end', async () => {
    const { h, company } = desk;
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

  it('a technician-initiated chat expires when the customer does not accept in time', async () => {
    const { h, company } = desk;
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

  it('a transfer not accepted in time stays with the owner, who is told; unassign returns the chat to its queue', async () => {
    const { h, company } = desk;
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
});
