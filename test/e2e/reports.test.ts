/**
 * `desk report …` on known data: tickets, SLA clocks, chats, ratings and time entries made through the
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import type { SeededTechnician } from '../helpers/seed.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const TZ = 'America/New_York';
const RANGE = { from: '2027-03-13', to: '2027-03-15', tz: TZ };

type Report = {
  totals: Record<string, unknown>;
  rows: Array<Record<string, unknown>>;
  [k: string]: unknown;
};

describe.each<DbKind>(['sqlite', 'postgres'])('reports on known data (%s, manual clock)', (kind) => {
  let desk: Desk;
  let tom: SeededTechnician;
  let rita: SeededTechnician;
  let nora: SeededTechnician;
  let acme: number;
  let globex: number;

  const at = (iso: string) => desk.seed.setClock(iso);
  const report = (name: string, query: Record<string, string> = {}, token = desk.adminToken) =>
    desk.seed.ok<Report>(token, 'GET', `/v1/reports/${name}?${new URLSearchParams({ ...RANGE, ...query })}`);

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    const s = desk.seed;
    acme = await s.company('Acme');
    globex = await s.company('Globex');
    tom = await s.technician('Tom Tech', { grant: [acme], available: true });
    rita = await s.technician('Rita Reports', { grant: [globex] });
    nora = await s.technician('Nora Nogrants');
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
  });
  afterAll(async () => {
    await desk?.close();
  });

  const days = [
    { key: '2027-03-13', start: '2027-03-13T05:00:00.000Z', end: '2027-03-14T05:00:00.000Z' },
    { key: '2027-03-14', start: '2027-03-14T05:00:00.000Z', end: '2027-03-15T04:00:00.000Z' },
    { key: '2027-03-15', start: '2027-03-15T04:00:00.000Z', end: '2027-03-16T04:00:00.000Z' },
  ];
  const dayRow = (i: number, figures: Record<string, unknown>) => ({
    ...days[i],
    label: days[i]?.key,
    ...figures,
  });

  it('tickets: created, resolved, reopened, backlog per New York day, and clock times without Pending', async () => {
    const r = await report('tickets');
    expect(r).toMatchObject({ from: '2027-03-13', to: '2027-03-15', tz: TZ, by: 'day' });
    const none = { resolutions: 0, resolutionP50Ms: null, resolutionP90Ms: null, resolutionMeanMs: null };
    expect(r.rows).toEqual([
      dayRow(0, {
        created: 1,
        resolved: 1,
        reopened: 0,
        backlog: 1,
        firstResponses: 1,
        firstResponseP50Ms: 30 * MIN,
        firstResponseP90Ms: 30 * MIN,
        firstResponseMeanMs: 30 * MIN,
        resolutions: 1,
        resolutionP50Ms: 2 * HOUR,
        resolutionP90Ms: 2 * HOUR,
        resolutionMeanMs: 2 * HOUR,
      }),
      dayRow(1, {
        created: 1,
        resolved: 0,
        reopened: 0,
        backlog: 2,
        firstResponses: 1,
        firstResponseP50Ms: 130 * MIN,
        firstResponseP90Ms: 130 * MIN,
        firstResponseMeanMs: 130 * MIN,
        ...none,
      }),
      dayRow(2, {
        created: 1,
        resolved: 1,
        reopened: 1,
        backlog: 3,
        firstResponses: 1,
        firstResponseP50Ms: 50 * MIN,
        firstResponseP90Ms: 50 * MIN,
        firstResponseMeanMs: 50 * MIN,
        ...none,
      }),
    ]);
    // 30, 50 and 130 minutes: p50 50m, p90 50 + 0.8 × 80 = 114m, mean 70m.
    expect(r.totals).toEqual({
      created: 3,
      resolved: 2,
      reopened: 1,
      backlog: 3,
      firstResponses: 3,
      firstResponseP50Ms: 50 * MIN,
      firstResponseP90Ms: expect.closeTo(114 * MIN, 6),
      firstResponseMeanMs: expect.closeTo(70 * MIN, 6),
      resolutions: 1,
      resolutionP50Ms: 2 * HOUR,
      resolutionP90Ms: 2 * HOUR,
      resolutionMeanMs: 2 * HOUR,
    });
  });

  it('tickets by company and by priority, and a company filter', async () => {
    const byCompany = await report('tickets', { by: 'company' });
    expect(byCompany.rows.map((row) => [row.label, row.created, row.resolved, row.backlog])).toEqual([
      ['Acme', 2, 2, 2],
      ['Globex', 1, 0, 1],
    ]);
    const byPriority = await report('tickets', { by: 'priority' });
    expect(byPriority.rows.map((row) => [row.key, row.created, row.firstResponses])).toEqual([['high', 3, 3]]);
    const globexOnly = await report('tickets', { company: String(globex) });
    expect(globexOnly.totals).toMatchObject({ created: 1, resolved: 0, backlog: 1, firstResponseP50Ms: 130 * MIN });
  });

  it('an empty period: nothing happened, the backlog carries over, times are null', async () => {
    const r = await report('tickets', { from: '2027-04-01', to: '2027-04-01' });
    expect(r.totals).toMatchObject({ created: 0, resolved: 0, reopened: 0, backlog: 3, firstResponseP50Ms: null });
    expect(r.rows).toEqual([expect.objectContaining({ key: '2027-04-01', created: 0, backlog: 3 })]);
    const chats = await report('chats', { from: '2027-04-01', to: '2027-04-01' });
    expect(chats.totals).toMatchObject({ requests: 0, ronaRate: null, waitP50Ms: null, wrapups: [] });
  });

  it('sla: met and breached per target, per priority, per day, with the breached tickets listed', async () => {
    const figures = {
      met: 3,
      breached: 2,
      responseMet: 2,
      responseBreached: 1,
      resolutionMet: 1,
      resolutionBreached: 1,
      metRate: 0.6,
    };
    const r = await report('sla', { list: 'true' });
    expect(r.totals).toEqual(figures);
    expect(r.rows).toEqual([{ key: 'high', label: 'high', ...figures }]);
    expect(r.breached).toEqual([
      {
        ticketId: expect.any(Number),
        title: 'VPN down',
        priority: 'high',
        company: 'Globex',
        target: 'resolution',
        breachedAt: '2027-03-14T19:00:00.000Z',
      },
      expect.objectContaining({ title: 'VPN down', target: 'response', breachedAt: '2027-03-14T12:00:00.000Z' }),
    ]);
    const byDay = await report('sla', { by: 'day' });
    expect(
      byDay.rows.map((row) => [
        row.key,
        row.responseMet,
        row.responseBreached,
        row.resolutionMet,
        row.resolutionBreached,
      ]),
    ).toEqual([
      ['2027-03-13', 1, 0, 1, 0],
      ['2027-03-14', 0, 1, 0, 1],
      ['2027-03-15', 1, 0, 0, 0],
    ]);
  });

  it('chats: requests, accepted, abandoned, declined, RONA, waits and handle time, wrap-ups', async () => {
    const zero = {
      requests: 0,
      accepted: 0,
      abandoned: 0,
      declined: 0,
      offers: 0,
      rona: 0,
      ronaRate: null,
      transfers: 0,
      conferences: 0,
      toTickets: 0,
      waitP50Ms: null,
      waitP90Ms: null,
      waitMaxMs: null,
      handleP50Ms: null,
      handleMeanMs: null,
    };
    const busy = {
      requests: 3,
      accepted: 1,
      abandoned: 2,
      declined: 1,
      offers: 3,
      rona: 1,
      ronaRate: 1 / 3,
      transfers: 0,
      conferences: 0,
      toTickets: 0,
      waitP50Ms: 30_000,
      waitP90Ms: 30_000,
      waitMaxMs: 30_000,
      handleP50Ms: 60_000,
      handleMeanMs: 60_000,
    };
    const r = await report('chats');
    expect(r.rows).toEqual([dayRow(0, zero), dayRow(1, busy), dayRow(2, zero)]);
    expect(r.totals).toEqual({ ...busy, wrapups: [{ label: 'Solved', count: 1, share: 1 }] });
    const byTech = await report('chats', { by: 'technician' });
    expect(byTech.rows.map((row) => [row.label, row.accepted, row.offers, row.rona, row.declined])).toEqual([
      ['Tom Tech', 1, 3, 1, 1],
      ['Unassigned', 0, 0, 0, 0],
    ]);
  });

  it('technicians: resolved, first response, chats, RONA and tracked time per technician', async () => {
    const r = await report('technicians');
    expect(r.rows).toEqual([
      {
        key: String(rita.id),
        label: 'Rita Reports',
        resolved: 0,
        firstResponses: 1,
        firstResponseP50Ms: 130 * MIN,
        chatsHandled: 0,
        rona: 0,
        trackedMs: 30 * MIN,
        billableMs: 0,
        nonBillableMs: 30 * MIN,
      },
      {
        key: String(tom.id),
        label: 'Tom Tech',
        resolved: 2,
        firstResponses: 2,
        firstResponseP50Ms: 40 * MIN,
        chatsHandled: 1,
        rona: 1,
        trackedMs: HOUR,
        billableMs: HOUR,
        nonBillableMs: 0,
      },
    ]);
    expect(r.totals).toEqual({
      resolved: 2,
      firstResponses: 3,
      firstResponseP50Ms: 50 * MIN,
      chatsHandled: 1,
      rona: 1,
      trackedMs: 90 * MIN,
      billableMs: HOUR,
      nonBillableMs: 30 * MIN,
    });
  });

  it('satisfaction: ratings, distribution, average, response rate, the lowest with comments', async () => {
    const r = await report('satisfaction');
    const empty = { ratings: 0, average: null, rating1: 0, rating2: 0, rating3: 0, rating4: 0, rating5: 0 };
    expect(r.rows).toEqual([
      dayRow(0, { ...empty, ratings: 1, average: 5, rating5: 1, resolved: 1, responseRate: 1 }),
      dayRow(1, { ...empty, resolved: 0, responseRate: null }),
      dayRow(2, { ...empty, ratings: 1, average: 2, rating2: 1, resolved: 1, responseRate: 1 }),
    ]);
    expect(r.totals).toMatchObject({ ratings: 2, average: 3.5, rating2: 1, rating5: 1, resolved: 2, responseRate: 1 });
    expect(r.lowest).toEqual([
      {
        ticketId: expect.any(Number),
        title: 'Mail bounce',
        rating: 2,
        comment: 'Too slow',
        ratedAt: '2027-03-15T08:00:00.000Z',
      },
      {
        ticketId: expect.any(Number),
        title: 'Printer jam',
        rating: 5,
        comment: 'Great',
        ratedAt: '2027-03-14T03:30:00.000Z',
      },
    ]);
  });

  it('time: tracked, billable and not, amounts, cut on New York days', async () => {
    const r = await report('time');
    const zero = { entries: 0, durationMs: 0, billableMs: 0, nonBillableMs: 0, amountCents: 0 };
    expect(r.rows).toEqual([
      dayRow(0, { entries: 1, durationMs: HOUR, billableMs: HOUR, nonBillableMs: 0, amountCents: 6000 }),
      dayRow(1, { entries: 1, durationMs: 30 * MIN, billableMs: 0, nonBillableMs: 30 * MIN, amountCents: 0 }),
      dayRow(2, zero),
    ]);
    expect(r.totals).toEqual({
      entries: 2,
      durationMs: 90 * MIN,
      billableMs: HOUR,
      nonBillableMs: 30 * MIN,
      amountCents: 6000,
    });
  });

  it('scoping: without the reports right a technician sees their own figures and their companies’ only', async () => {
    const tickets = await report('tickets', {}, tom.token);
    expect(tickets.totals).toMatchObject({ created: 2, resolved: 2, reopened: 1, backlog: 2, firstResponses: 2 });
    const sla = await report('sla', { list: 'true' }, tom.token);
    expect(sla.totals).toMatchObject({ responseMet: 2, responseBreached: 0, resolutionBreached: 0 });
    expect(sla.breached).toEqual([]);
    const techs = await report('technicians', {}, tom.token);
    expect(techs.rows.map((row) => row.label)).toEqual(['Tom Tech']);
    expect(techs.totals).toMatchObject({ resolved: 2, firstResponses: 2, trackedMs: HOUR });
    const time = await report('time', {}, tom.token);
    expect(time.totals).toMatchObject({ entries: 1, durationMs: HOUR });
    const byCompany = await report('tickets', { by: 'company' }, tom.token);
    expect(byCompany.rows.map((row) => row.label)).toEqual(['Acme']);
    const foreign = await report('tickets', { company: String(globex) }, tom.token);
    expect(foreign.totals).toMatchObject({ created: 0, backlog: 0 });

    for (const name of ['tickets', 'sla', 'chats', 'technicians', 'satisfaction', 'time']) {
      const r = await report(name, {}, nora.token);
      const numbers = Object.values(r.totals).filter((v) => typeof v === 'number' && v !== 0);
      expect(numbers, name).toEqual([]);
    }
    // `desk admin technicians reports` gives the right and takes it back.
    const granted = await desk.run(['admin', 'technicians', 'reports', String(nora.id)]);
    expect(granted).toMatchObject({ code: 0, stderr: `✓ Technician ${nora.id} may now see every report\n` });
    expect((await report('tickets', {}, nora.token)).totals).toMatchObject({ created: 3, backlog: 3 });
    expect((await desk.run(['admin', 'technicians', 'reports', String(nora.id), '--revoke'])).code).toBe(0);
    expect((await report('tickets', {}, nora.token)).totals).toMatchObject({ created: 0, backlog: 0 });
    // The reports right sees what an admin sees.
    expect((await report('tickets', {}, rita.token)).totals).toEqual((await report('tickets')).totals);
    expect((await report('sla', {}, rita.token)).totals).toEqual((await report('sla')).totals);
  });

  it('refuses bad input: an unknown zone, a reversed range, a grouping a report lacks; only admins grant', async () => {
    const bad: Array<Record<string, string>> = [
      { tz: 'Mars/Olympus' },
      { from: '2027-03-15', to: '2027-03-13' },
      { by: 'queue' },
      { from: '2027-02-30' },
    ];
    for (const q of bad) {
      const res = await desk.seed.call(
        desk.adminToken,
        'GET',
        `/v1/reports/tickets?${new URLSearchParams({ ...RANGE, ...q })}`,
      );
      expect(res.status, JSON.stringify(q)).toBe(400);
    }
    const res = await desk.seed.call(tom.token, 'PUT', `/v1/technicians/${nora.id}/reports`, { allowed: true });
    expect(res.status).toBe(403);
  });

  it('desk report tickets --json through the command, with --by, --tz and the range', async () => {
    const r = await desk.json<Report>(['report', 'tickets', '--from', '2027-03-13', '--to', '2027-03-15', '--tz', TZ]);
    expect(r.totals).toMatchObject({ created: 3, resolved: 2, reopened: 1, backlog: 3 });
    const sla = await desk.run(
      ['report', 'sla', '--from', '2027-03-13', '--to', '2027-03-15', '--tz', TZ, '--by', 'day', '--list'],
      { tty: { columns: 80 }, env: { NO_COLOR: '1' } },
    );
    expect(sla.code).toBe(0);
    expect(sla.stdout).toContain('Met 3   Breached 2   Met rate 60%');
    expect(sla.stdout).toMatch(/\nBreached\n#\d+ {2}high {2}resolution {2}2027-03-14 19:00Z {2}VPN down \(Globex\)\n/);
    const csv = await desk.run(['report', 'time', '--from', '2027-03-13', '--to', '2027-03-15', '--tz', TZ, '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n').slice(0, 2)).toEqual([
      'key,label,start,end,entries,durationMs,billableMs,nonBillableMs,amountCents',
      '2027-03-13,2027-03-13,2027-03-13T05:00:00.000Z,2027-03-14T05:00:00.000Z,1,3600000,3600000,0,6000',
    ]);
  });
});
