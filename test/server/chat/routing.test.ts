/** Live chat routing: queues, offers, RONA, pick-mode takes and chat limits. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('live chat routing (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('has a default offer-mode queue and reports Offline until a technician sets a state', async () => {
    const { h } = desk;
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

  it('an offer not answered in time puts the technician in RONA and goes to the next', async () => {
    const { h, company } = desk;
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
    const { h, company } = desk;
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
    const { h, company } = desk;
    const t = await h.technician('Acc Once', { grant: [company], available: true });
    const cust = await h.customer(company, 'Accept Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    const results = await Promise.all([1, 2, 3].map(() => h.call(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it("respects a technician's chat limit", async () => {
    const { h, company } = desk;
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
});
