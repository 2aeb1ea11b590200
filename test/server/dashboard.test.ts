/**
 * `GET /v1/dashboard` on both databases, with the server's manual clock: what a lead sees now and
 * today, and company scoping — a technician granted one company never sees another company's
 * chats, tickets, deadlines or counts; an admin sees every company's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatHarness } from '../helpers/chat-api.js';
import type { DbKind } from '../helpers/desk.js';
import type { Dashboard } from '../../src/core/dashboard.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe.each<DbKind>(['sqlite', 'postgres'])('dashboard snapshot and scoping (%s)', (kind) => {
  let h: ChatHarness;
  let acme: number;
  let globex: number;
  let sam: { id: number; token: string };
  let kim: { id: number; token: string };
  const ids: Record<string, number> = {};

  const dashboard = (token: string, tz = 'UTC') => h.ok<Dashboard>(token, 'GET', `/v1/dashboard?tz=${tz}`);

  beforeAll(async () => {
    h = await ChatHarness.start(kind);
    // 09:00 UTC tomorrow: every write below happens on one UTC day, whenever the test runs.
    const day = 24 * HOUR;
    const nine = new Date(Math.floor(Date.now() / day) * day + day + 9 * HOUR).toISOString();
    await h.ok(h.adminToken, 'PUT', '/v1/test/clock', { now: nine });
    acme = await h.company('Acme');
    globex = await h.company('Globex');
    await h.ok(h.adminToken, 'PUT', '/v1/sla/policies', { priority: 'high', responseMs: 30 * MIN });
    // Offers lapse after 30 s, well before a request expires unanswered.
    const queues = await h.ok<Array<{ id: number; isDefault: boolean }>>(h.adminToken, 'GET', '/v1/queues');
    const queue = queues.find((q) => q.isDefault)!;
    await h.ok(h.adminToken, 'PATCH', `/v1/queues/${queue.id}`, { offerTimeoutMs: 30_000 });
    // Sam sees Acme only; Kim serves Globex and lets an offer lapse (RONA).
    sam = await h.technician('Sam Scope', { grant: [acme] });
    kim = await h.technician('Kim Scope', { grant: [globex], available: true });
    const acmeCustomer = await h.customer(acme, 'Melissa Acme');
    const globexCustomer = await h.customer(globex, 'Tomasz Globex');
    const ticket = async (company: number, title: string, requesterId?: number) =>
      (
        await h.ok<{ id: number }>(h.adminToken, 'POST', '/v1/tickets', {
          title,
          companyId: company,
          priority: 'high',
          ...(requesterId ? { requesterId } : {}),
        })
      ).id;
    ids.acmeTicket = await ticket(acme, 'Acme printer');
    ids.globexTicket = await ticket(globex, 'Globex mail', globexCustomer.id);
    ids.globexOther = await ticket(globex, 'Globex VPN');
    // Globex: resolved and rated 2.
    await h.ok(h.adminToken, 'PATCH', `/v1/tickets/${ids.globexTicket}`, { status: 'resolved' });
    await h.ok(globexCustomer.token, 'POST', `/v1/customer/tickets/${ids.globexTicket}/rating`, { rating: 2 });
    ids.acmeChat = (await h.ok(acmeCustomer.token, 'POST', '/v1/customer/chats', { message: 'Acme here' })).chat.id;
    await h.advance(MIN);
    ids.globexChat = (
      await h.ok(globexCustomer.token, 'POST', '/v1/customer/chats', { message: 'Globex here' })
    ).chat.id;
    // The Globex request goes to Kim, who does not answer within 30 seconds.
    await h.advance(31_000);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows an admin every company: waiting customers, RONA, deadlines and today’s counters', async () => {
    const d = await dashboard(h.adminToken);
    expect(d.dayStart).toBe(new Date(Date.parse(d.now) - 9 * HOUR - MIN - 31_000).toISOString());
    expect(d.chats.map((c) => [c.id, c.state, c.company.name])).toEqual([
      [ids.acmeChat, 'requested', 'Acme'],
      [ids.globexChat, 'requested', 'Globex'],
    ]);
    expect(d.technicians.find((t) => t.technician.id === kim.id)).toMatchObject({ state: 'rona' });
    expect(d.technicians.find((t) => t.technician.id === sam.id)).toMatchObject({ state: 'offline' });
    // Response targets 30 minutes after creation; a minute and a half has passed.
    expect(d.slaDue.map((x) => [x.ticket.id, x.target])).toEqual([
      [ids.acmeTicket, 'response'],
      [ids.globexOther, 'response'],
    ]);
    expect(d.today).toEqual({
      created: 3,
      resolved: 1,
      chats: 2,
      rona: 1,
      ratings: [{ ticketId: ids.globexTicket, rating: 2 }],
    });
    expect(d.seq).toBe(await h.headSeq());
  });

  it('shows a technician granted Acme only Acme: no Globex chat, ticket, deadline or count', async () => {
    const d = await dashboard(sam.token);
    expect(d.chats.map((c) => c.id)).toEqual([ids.acmeChat]);
    expect(d.slaDue.map((x) => x.ticket.id)).toEqual([ids.acmeTicket]);
    expect(d.today).toEqual({ created: 1, resolved: 0, chats: 1, rona: 0, ratings: [] });
    expect(JSON.stringify(d)).not.toContain('Globex');
    // Technicians' availability is the team's, not a company's.
    expect(d.technicians.find((t) => t.technician.id === kim.id)).toMatchObject({ state: 'rona' });
  });

  it('shows the Globex technician only Globex', async () => {
    const d = await dashboard(kim.token);
    expect(d.chats.map((c) => c.id)).toEqual([ids.globexChat]);
    expect(d.slaDue.map((x) => x.ticket.id)).toEqual([ids.globexOther]);
    expect(d.today).toEqual({
      created: 2,
      resolved: 1,
      chats: 1,
      rona: 1,
      ratings: [{ ticketId: ids.globexTicket, rating: 2 }],
    });
  });

  it('counts today in the time zone asked for, and refuses an unknown one', async () => {
    const d = await dashboard(h.adminToken, 'Pacific/Kiritimati');
    // UTC+14: the local day starts at 10:00 UTC of the previous or the same UTC day.
    expect(new Date(d.dayStart).getUTCHours()).toBe(10);
    expect(Date.parse(d.dayEnd) - Date.parse(d.dayStart)).toBe(24 * HOUR);
    const bad = await h.call(h.adminToken, 'GET', '/v1/dashboard?tz=Mars/Olympus');
    expect(bad.status).toBe(400);
    expect((await h.call('', 'GET', '/v1/dashboard')).status).toBe(401);
  });
});
