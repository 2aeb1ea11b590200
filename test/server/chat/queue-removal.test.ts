/**
 * Removing a chat queue, on both databases: waiting requests move to the default queue (an open
 * offer is withdrawn and the request routed again), a transfer waiting for the queue is cancelled,
 * its members are told; the default queue cannot be removed.
 */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('removing a chat queue (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('moves waiting chats to the default queue, cancels transfers to it and tells its members', async () => {
    const { h, company } = desk;
    const sales = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'sales', offerTimeoutMs: 600_000 });
    const ann = await h.technician('Ann Sales', { grant: [company], available: true });
    const bob = await h.technician('Bob Sales', { grant: [company] });
    const cas = await h.technician('Cas Default', { grant: [company] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${sales.id}/members`, { add: [ann.id, bob.id] });

    // One request offered to Ann, one waiting (Ann is at her limit).
    await h.ok(h.adminToken, 'PUT', `/v1/technicians/${ann.id}/max-chats`, { maxChats: 1 });
    const c1 = await h.customer(company, 'First Customer');
    const offered = (await h.ok(c1.token, 'POST', '/v1/customer/chats', { queue: 'sales' })).chat.id as number;
    expect((await h.ok(ann.token, 'GET', `/v1/chats/${offered}`)).state).toBe('offered');
    await h.ok(ann.token, 'POST', `/v1/chats/${offered}/accept`);
    const c2 = await h.customer(company, 'Second Customer');
    const waiting = (await h.ok(c2.token, 'POST', '/v1/customer/chats', { queue: 'sales', message: 'hi' })).chat
      .id as number;
    expect((await h.ok(bob.token, 'GET', `/v1/chats/${waiting}`)).state).toBe('requested');
    // Ann hands her chat to the queue; it waits for a member to accept.
    await h.ok(ann.token, 'POST', `/v1/chats/${offered}/transfer`, { toQueue: 'sales', reason: 'Transferred' });

    const annEvents = await h.stream(ann.token);
    const bobEvents = await h.stream(bob.token);
    const casEvents = await h.stream(cas.token);
    expect((await h.call(bob.token, 'DELETE', `/v1/queues/${sales.id}`)).status).toBe(403);
    const res = await h.ok(h.adminToken, 'DELETE', `/v1/queues/${sales.id}`);
    expect(res).toEqual({ removed: 'sales', movedTo: 'default', chats: [waiting], members: [ann.id, bob.id] });

    const told = await bobEvents.waitFor((e) => e.type === 'chat.notice' && e.data.kind === 'queue-removed', 'notice');
    expect(told.data.text).toBe('Ada Admin removed the queue sales; its 1 waiting chat(s) moved to default');
    await annEvents.waitFor((e) => e.type === 'chat.notice' && e.data.kind === 'queue-removed', 'member notice');
    const cancelled = await annEvents.waitFor(
      (e) => e.type === 'chat.notice' && e.data.kind === 'transfer-cancelled',
      'transfer notice',
    );
    expect(cancelled.data.text).toContain(`the transfer of chat ${offered} is cancelled and the chat stays with you`);
    const removed = await casEvents.waitFor((e) => e.type === 'queue.removed', 'queue.removed');
    expect(removed.data).toMatchObject({ queue: { name: 'sales' }, movedTo: { name: 'default' }, chats: [waiting] });
    expect(casEvents.of('chat.notice').filter((e) => e.data.kind === 'queue-removed')).toEqual([]);
    for (const log of [annEvents, bobEvents, casEvents]) log.close();

    // The waiting request is in the default queue now (and routed there); Ann's chat stays hers.
    const moved = await h.ok(cas.token, 'GET', `/v1/chats/${waiting}`);
    expect(moved.queue.name).toBe('default');
    expect(['requested', 'offered']).toContain(moved.state);
    const kept = await h.ok(ann.token, 'GET', `/v1/chats/${offered}`);
    expect(kept).toMatchObject({ state: 'active', owner: { id: ann.id }, transferPending: false });

    // The queue is gone from the lists and from requests; its name can be used again.
    expect((await h.ok(ann.token, 'GET', '/v1/queues')).map((q: { name: string }) => q.name)).toEqual(['default']);
    const c3 = await h.customer(company, 'Third Customer');
    const refused = await h.call(c3.token, 'POST', '/v1/customer/chats', { queue: 'sales' });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { message: string } }).error.message).toContain('there is no queue named "sales"');
    expect((await h.call(h.adminToken, 'DELETE', `/v1/queues/${sales.id}`)).status).toBe(404);
    const back = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'sales', mode: 'pick' });
    expect(back).toMatchObject({ name: 'sales', mode: 'pick', members: [] });
  });

  it('refuses to remove the default queue and changes nothing', async () => {
    const { h } = desk;
    const [def] = await h.ok(h.adminToken, 'GET', '/v1/queues');
    const res = await h.call(h.adminToken, 'DELETE', `/v1/queues/${def.id}`);
    expect(res.status).toBe(409);
    expect((res.body as { error: { message: string } }).error.message).toContain(
      'the default queue default cannot be removed',
    );
    expect((await h.ok(h.adminToken, 'GET', '/v1/queues')).map((q: { name: string }) => q.name)).toEqual(['default']);
  });
});
