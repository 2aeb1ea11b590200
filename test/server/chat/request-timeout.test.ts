/**
 * A customer's request nobody accepts in time expires (`chat.request-timeout`, default 2 minutes),
 * also across a restart; a technician who declined a request is offered it again when nobody else
 * took it within the queue's offer timeout; an admin turns customer-initiated chat off (`chat.enabled`).
 */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('chat request timeout (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('a request nobody accepts in 2 minutes expires: the customer is told everyone is busy and offered a ticket', async () => {
    const { h, company } = desk;
    const t = await h.technician('Tess Busy', { grant: [company] });
    const cust = await h.customer(company, 'Waiting Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'my printer is on fire' });
    expect(req.busy).toBe(true);
    const chatId = req.chat.id;
    const custEvents = await h.stream(cust.token, '/v1/customer/events');
    await h.advance(119_000);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${chatId}`)).state).toBe('requested');
    await h.advance(1000);
    const updated = await custEvents.waitFor(
      (e) => e.type === 'chat.updated' && e.data.chatId === chatId && e.data.customerChat.state === 'expired',
      'expired update',
    );
    expect(updated.data.customerChat.state).toBe('expired');
    custEvents.close();
    const shown = await h.ok(cust.token, 'GET', `/v1/customer/chats/${chatId}`);
    expect(shown.state).toBe('expired');
    const last = shown.messages.at(-1);
    expect(last.author.kind).toBe('system');
    expect(last.body).toContain('All technicians are busy');
    expect(last.body).toContain('leave a ticket');
    // Technicians see it as expired, among the completed requests.
    expect((await h.ok(t.token, 'GET', `/v1/chats/${chatId}`)).state).toBe('expired');
    // The customer may ask again.
    const again = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    expect(again.chat.state).toBe('requested');
  });

  it('the time is an admin setting; an offered request expires too and its technician is told', async () => {
    const { h, company } = desk;
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.request-timeout', value: '30s' });
    const queue = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'slow', offerTimeoutMs: 600_000 });
    const t = await h.technician('Sol Slow', { grant: [company] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [t.id] });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'available' });
    const cust = await h.customer(company, 'Offered Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { queue: 'slow' });
    const chatId = req.chat.id;
    expect(await h.ok(t.token, 'GET', `/v1/chats/${chatId}`)).toMatchObject({
      state: 'offered',
      offeredTo: { id: t.id },
    });
    const techEvents = await h.stream(t.token);
    await h.advance(30_000);
    await techEvents.waitFor((e) => e.type === 'chat.notice' && e.data.kind === 'request-expired', 'expiry notice');
    techEvents.close();
    expect(await h.ok(t.token, 'GET', `/v1/chats/${chatId}`)).toMatchObject({ state: 'expired', offeredTo: null });
    // The offer is gone: accepting it is refused and the technician stays Available.
    expect((await h.call(t.token, 'POST', `/v1/chats/${chatId}/accept`)).status).toBe(409);
    expect((await h.ok(t.token, 'GET', '/v1/status')).state).toBe('available');
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('an accepted request does not expire', async () => {
    const { h, company } = desk;
    const t = await h.technician('Ann Accept', { grant: [company], available: true });
    const cust = await h.customer(company, 'Served Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    await h.advance(600_000);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`)).state).toBe('active');
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('the expiry is stored: it fires after a restart', async () => {
    const { h, company } = desk;
    const cust = await h.customer(company, 'Restart Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    const requestedAt = Date.parse(req.chat.requestedAt);
    await h.restart();
    expect((await h.ok(h.adminToken, 'GET', `/v1/chats/${req.chat.id}`)).state).toBe('requested');
    await h.clockAt(new Date(Math.max(requestedAt + 120_000, Date.now() + 1000)).toISOString());
    expect((await h.ok(h.adminToken, 'GET', `/v1/chats/${req.chat.id}`)).state).toBe('expired');
  });

  it('answering an invitation that expired says it expired', async () => {
    const { h, company } = desk;
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.invite-timeout', value: '30s' });
    const t = await h.technician('Ina Invite', { grant: [company] });
    const cust = await h.customer(company, 'Late Customer');
    const started = await h.ok(t.token, 'POST', '/v1/chats', { contactId: cust.id });
    await h.advance(30_000);
    for (const verb of ['accept', 'decline']) {
      const late = await h.call<{ error: { message: string } }>(
        cust.token,
        'POST',
        `/v1/customer/chats/${started.chat.id}/${verb}`,
      );
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe(
        `the invitation to chat ${started.chat.id} expired; ask the helpdesk again with desk customer chat`,
      );
    }
  });

  it('an admin turns customer-initiated chat off and on (chat.enabled)', async () => {
    const { h, company } = desk;
    const t = await h.technician('Tom Tech', { grant: [company] });
    expect((await h.call(t.token, 'PUT', '/v1/settings', { key: 'chat.enabled', value: 'off' })).status).toBe(403);
    expect((await h.call(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.enabled', value: 'maybe' })).status).toBe(
      400,
    );
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.enabled', value: 'off' });
    const cust = await h.customer(company, 'Closed Customer');
    const refused = await h.call<{ error: { message: string } }>(cust.token, 'POST', '/v1/customer/chats', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('live chat is turned off; leave a ticket instead');
    expect((await h.ok(cust.token, 'GET', '/v1/customer/chats')).items).toEqual([]);
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.enabled', value: 'on' });
    expect((await h.ok(cust.token, 'POST', '/v1/customer/chats', {})).chat.state).toBe('requested');
  });

  it('a technician who declined is offered the request again when nobody else took it within the offer timeout', async () => {
    const { h, company } = desk;
    const queue = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'again', offerTimeoutMs: 20_000 });
    const a = await h.technician('Dee Decline', { grant: [company] });
    const b = await h.technician('Ben Other', { grant: [company] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [a.id, b.id] });
    await h.ok(a.token, 'PUT', '/v1/status', { state: 'available' });
    const cust = await h.customer(company, 'Declined Customer');
    // Alone: Dee declines; after the offer timeout the waiting request comes back to her.
    const first = await h.ok(cust.token, 'POST', '/v1/customer/chats', { queue: 'again' });
    expect((await h.ok(a.token, 'GET', `/v1/chats/${first.chat.id}`)).offeredTo.id).toBe(a.id);
    await h.ok(a.token, 'POST', `/v1/chats/${first.chat.id}/decline`);
    expect(await h.ok(a.token, 'GET', `/v1/chats/${first.chat.id}`)).toMatchObject({
      state: 'requested',
      offeredTo: null,
    });
    await h.advance(19_000);
    expect((await h.ok(a.token, 'GET', `/v1/chats/${first.chat.id}`)).state).toBe('requested');
    await h.advance(1000);
    expect(await h.ok(a.token, 'GET', `/v1/chats/${first.chat.id}`)).toMatchObject({
      state: 'offered',
      offeredTo: { id: a.id },
    });
    await h.ok(a.token, 'POST', `/v1/chats/${first.chat.id}/accept`);
    await h.ok(a.token, 'POST', `/v1/chats/${first.chat.id}/end`, { reason: 'Resolved' });
    // With Ben: Dee declines, Ben lets it lapse (RONA), and it goes back to Dee.
    await h.ok(b.token, 'PUT', '/v1/status', { state: 'available' });
    const cust2 = await h.customer(company, 'Second Customer');
    const second = await h.ok(cust2.token, 'POST', '/v1/customer/chats', { queue: 'again' });
    const offeredFirst = (await h.ok(a.token, 'GET', `/v1/chats/${second.chat.id}`)).offeredTo.id;
    const [decliner, other] = offeredFirst === a.id ? [a, b] : [b, a];
    await h.ok(decliner.token, 'POST', `/v1/chats/${second.chat.id}/decline`);
    expect((await h.ok(a.token, 'GET', `/v1/chats/${second.chat.id}`)).offeredTo.id).toBe(other.id);
    await h.advance(20_000);
    expect((await h.ok(other.token, 'GET', '/v1/status')).state).toBe('rona');
    expect(await h.ok(a.token, 'GET', `/v1/chats/${second.chat.id}`)).toMatchObject({
      state: 'offered',
      offeredTo: { id: decliner.id },
    });
    await h.ok(decliner.token, 'POST', `/v1/chats/${second.chat.id}/accept`);
    await h.ok(decliner.token, 'POST', `/v1/chats/${second.chat.id}/end`, { reason: 'Resolved' });
    for (const t of [a, b]) await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });
});
