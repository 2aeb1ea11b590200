/**
 * The known data the report tests run on: tickets, SLA clocks, chats, ratings and time entries made through the
 * API on the manual clock, every figure checked against the value worked out by hand, on SQLite and
 * PostgreSQL. The range is cut in America/New_York over its spring-forward day (2027-03-14 has 23
 * hours), one ticket is Pending for two of its hours, and some periods are empty.
 *
 * Timeline (UTC; New York is UTC−5 until 2027-03-14 07:00Z, then UTC−4):
 *   03-12 15:00  T0 created (Acme, low: no SLA) — the backlog before the range
 *   03-13 13:00  T1 created (Acme, high: respond 1h, resolve 8h; Tom); 13:30 reply (30m);
 *         14:00 Pending, 16:00 Open, 17:00 Resolved (4h, of which 2h Pending: 2h on the clock)
 *   03-14 03:00–04:00 Tom tracks 1h billable at 60/h on T1 (still 03-13 in New York)
 *   03-14 03:30  T1 rated 5 "Great" (03-13 in New York)
 *   03-14 11:00  T3 created (Globex, high; Rita); response breached at 12:00; reply 13:10 (130m);
 *         resolution breached at 19:00
 *   03-14 12:00–12:30 Rita tracks 30m, not billable, on T3
 *   03-14 13:00  chat 1: offered to Tom, accepted after 30s, ended after 60s ("Solved")
 *   03-14 14:00  chat 2: offered to Tom, who lets it time out (RONA); the customer leaves at 14:05
 *   03-14 15:00  chat 3: offered to Tom, who declines; the customer leaves at 15:01
 *   03-15 04:30  T2 created (Acme, high; Tom) — 00:30 on 03-15 in New York, 23:30 on 03-14 on a
 *         24-hour cut; reply 05:20 (50m); Resolved 07:30; rated 2 "Too slow" 08:00; reopened 09:00
 */
import { startDesk, type DbKind, type Desk } from './desk.js';
import type { SeededTechnician } from './seed.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const TZ = 'America/New_York';
export const RANGE = { from: '2027-03-13', to: '2027-03-15', tz: TZ };

export type Report = {
  totals: Record<string, unknown>;
  rows: Array<Record<string, unknown>>;
  [k: string]: unknown;
};

/** The three New York days of the range, as the reports cut them. */
export const days = [
  { key: '2027-03-13', start: '2027-03-13T05:00:00.000Z', end: '2027-03-14T05:00:00.000Z' },
  { key: '2027-03-14', start: '2027-03-14T05:00:00.000Z', end: '2027-03-15T04:00:00.000Z' },
  { key: '2027-03-15', start: '2027-03-15T04:00:00.000Z', end: '2027-03-16T04:00:00.000Z' },
];

/** A row of a per-day report: the day's bounds and label, and its figures. */
export const dayRow = (i: number, figures: Record<string, unknown>) => ({
  ...days[i],
  label: days[i]?.key,
  ...figures,
});

export interface ReportDesk {
  readonly desk: Desk;
  readonly tom: SeededTechnician;
  readonly rita: SeededTechnician;
  readonly nora: SeededTechnician;
  readonly acme: number;
  readonly globex: number;
  /** GET /v1/reports/NAME over the range, with more query parameters, as the admin unless a token is given. */
  report(name: string, query?: Record<string, string>, token?: string): Promise<Report>;
}

/** Starts a desk on the manual clock and makes the timeline above through the API. */
export async function seedReportDesk(kind: DbKind): Promise<ReportDesk> {
  const desk = await startDesk(kind, { testClock: true });
  const at = (iso: string) => desk.seed.setClock(iso);
  const s = desk.seed;
  const acme = await s.company('Acme');
  const globex = await s.company('Globex');
  const tom = await s.technician('Tom Tech', { grant: [acme], available: true });
  const rita = await s.technician('Rita Reports', { grant: [globex] });
  const nora = await s.technician('Nora Nogrants');
  await s.admin('PUT', `/v1/technicians/${rita.id}/reports`, { allowed: true });
  await s.admin('PUT', '/v1/sla/policies', { priority: 'high', responseMs: HOUR, resolutionMs: 8 * HOUR });
  await s.wrapup('Solved');
  // Requests wait for a technician longer than the customers here do (who leave after 5 and 1 minutes).
  await s.setting('chat.request-timeout', '10m');
  const customer = await s.customer(acme, 'Cleo Customer');
  const status = (id: number, to: string) => s.admin('PATCH', `/v1/tickets/${id}`, { status: to });
  const reply = (id: number) => s.admin('POST', `/v1/tickets/${id}/comments`, { kind: 'reply', body: 'On it.' });
  const rate = (id: number, rating: number, comment: string) =>
    s.ok(customer.token, 'POST', `/v1/customer/tickets/${id}/rating`, { rating, comment });
  const high = { priority: 'high', requesterId: customer.id };

  await at('2027-03-12T15:00:00Z');
  await s.ticket(acme, { title: 'Old one', priority: 'low' });

  await at('2027-03-13T13:00:00Z');
  const t1 = await s.ticket(acme, { ...high, title: 'Printer jam' });
  await s.admin('PATCH', `/v1/tickets/${t1}`, { assigneeId: tom.id });
  await at('2027-03-13T13:30:00Z');
  await reply(t1);
  await at('2027-03-13T14:00:00Z');
  await status(t1, 'pending');
  await at('2027-03-13T16:00:00Z');
  await status(t1, 'open');
  await at('2027-03-13T17:00:00Z');
  await status(t1, 'resolved');
  await at('2027-03-14T03:30:00Z');
  await rate(t1, 5, 'Great');

  await at('2027-03-14T11:00:00Z');
  const t3 = await s.ticket(globex, { priority: 'high', title: 'VPN down' });
  await s.admin('PATCH', `/v1/tickets/${t3}`, { assigneeId: rita.id });

  // Chats, all on 03-14, customer-initiated in the default queue, Tom the only one Available.
  const request = async () =>
    (await s.ok<{ chat: { id: number } }>(customer.token, 'POST', '/v1/customer/chats', { message: 'Hi' })).chat.id;
  await at('2027-03-14T13:00:00Z');
  const c1 = await request();
  await at('2027-03-14T13:00:30Z');
  await s.ok(tom.token, 'POST', `/v1/chats/${c1}/accept`, {});
  await at('2027-03-14T13:01:30Z');
  await s.ok(tom.token, 'POST', `/v1/chats/${c1}/end`, { reason: 'Solved' });

  await at('2027-03-14T13:10:00Z');
  await reply(t3);

  await at('2027-03-14T14:00:00Z');
  const c2 = await request();
  await at('2027-03-14T14:02:01Z');
  await at('2027-03-14T14:05:00Z');
  await s.ok(customer.token, 'POST', `/v1/customer/chats/${c2}/end`, {});
  await s.status(tom.token, 'available');

  await at('2027-03-14T15:00:00Z');
  const c3 = await request();
  await at('2027-03-14T15:00:10Z');
  await s.ok(tom.token, 'POST', `/v1/chats/${c3}/decline`, {});
  await at('2027-03-14T15:01:00Z');
  await s.ok(customer.token, 'POST', `/v1/customer/chats/${c3}/end`, {});

  await at('2027-03-15T04:30:00Z');
  const t2 = await s.ticket(acme, { ...high, title: 'Mail bounce' });
  await s.admin('PATCH', `/v1/tickets/${t2}`, { assigneeId: tom.id });
  await at('2027-03-15T05:20:00Z');
  await reply(t2);
  await at('2027-03-15T07:30:00Z');
  await status(t2, 'resolved');
  await at('2027-03-15T08:00:00Z');
  await rate(t2, 2, 'Too slow');
  await at('2027-03-15T09:00:00Z');
  await status(t2, 'open');

  await s.admin('POST', '/v1/time/entries', {
    ticketId: t1,
    technicianId: tom.id,
    startedAt: '2027-03-14T03:00:00Z',
    endedAt: '2027-03-14T04:00:00Z',
    rate: 60,
    billable: true,
  });
  await s.admin('POST', '/v1/time/entries', {
    ticketId: t3,
    technicianId: rita.id,
    startedAt: '2027-03-14T12:00:00Z',
    endedAt: '2027-03-14T12:30:00Z',
    billable: false,
  });
  return {
    desk,
    tom,
    rita,
    nora,
    acme,
    globex,
    report: (name, query = {}, token = desk.adminToken) =>
      desk.seed.ok<Report>(token, 'GET', `/v1/reports/${name}?${new URLSearchParams({ ...RANGE, ...query })}`),
  };
}
