/** What technicians' chat lists hold: transfers waiting for my queues, state filters, the first message as preview. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('chat lists (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('my chats include a transfer waiting for a queue I belong to (of a company I may see), filtered by state', async () => {
    const { h, company } = desk;
    const other = await h.company('Globex');
    const queue = await h.ok(h.adminToken, 'POST', '/v1/queues', { name: 'tier2' });
    const sam = await h.technician('Sam Owner', { grant: [company, other], available: true });
    const kim = await h.technician('Kim Tier', { grant: [company] });
    const lou = await h.technician('Lou Outside', { grant: [company] });
    const gus = await h.technician('Gus Blind', { grant: [other] });
    await h.ok(h.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [kim.id, gus.id] });
    const cust = await h.customer(company, 'Transfer Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'VPN drops every hour' });
    const chatId = req.chat.id;
    await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/accept`);
    await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/transfer`, { toQueue: 'tier2', reason: 'Transferred' });

    const ids = async (token: string, query = '') =>
      (await h.ok<{ items: Array<{ id: number }> }>(token, 'GET', `/v1/chats${query}`)).items.map((c) => c.id);
    expect(await ids(kim.token)).toEqual([chatId]);
    expect(await ids(kim.token, '?state=active')).toEqual([chatId]);
    expect(await ids(kim.token, '?state=new')).toEqual([]);
    // Not a member, or a member who may not see the company: not listed.
    expect(await ids(lou.token)).toEqual([]);
    expect(await ids(gus.token)).toEqual([]);
    // The owner keeps it, once.
    expect(await ids(sam.token)).toEqual([chatId]);
    // Kim takes the transfer; Sam's completed list is empty until the chat ends.
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/accept`);
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    expect(await ids(kim.token)).toEqual([]);
    expect(await ids(kim.token, '?state=completed')).toEqual([chatId]);
    expect(await ids(kim.token, '?state=all')).toEqual([chatId]);
    expect((await h.call(kim.token, 'GET', '/v1/chats?state=done')).status).toBe(400);
    await h.ok(sam.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it("the request list carries the customer's first message as a preview", async () => {
    const { h, company } = desk;
    const t = await h.technician('Pre View', { grant: [company] });
    const a = await h.customer(company, 'Preview A');
    const b = await h.customer(company, 'Preview B');
    const withText = await h.ok(a.token, 'POST', '/v1/customer/chats', { message: 'My screen is blank' });
    await h.ok(a.token, 'POST', `/v1/customer/chats/${withText.chat.id}/messages`, { body: 'still blank' });
    const silent = await h.ok(b.token, 'POST', '/v1/customer/chats', {});
    const list = await h.ok<{ items: Array<{ id: number; preview: string | null }> }>(
      t.token,
      'GET',
      '/v1/chats/requests?filter=new',
    );
    const byId = new Map(list.items.map((c) => [c.id, c.preview]));
    expect(byId.get(withText.chat.id)).toBe('My screen is blank');
    expect(byId.get(silent.chat.id)).toBeNull();
  });
});
