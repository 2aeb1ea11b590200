/**
 * `desk report tickets|sla|chats` on known data (see test/helpers/report-data.desk.ts for the timeline), every figure worked out by
 * hand, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbKind } from '../helpers/desk.js';
import { seedReportDesk, MIN, HOUR, TZ, dayRow, type ReportDesk } from '../helpers/report-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('reports of tickets, SLA and chats (%s, manual clock)', (kind) => {
  let data: ReportDesk;
  beforeAll(async () => {
    data = await seedReportDesk(kind);
  });
  afterAll(async () => {
    await data?.desk.close();
  });
  const report: ReportDesk['report'] = (...args) => data.report(...args);

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
    const globexOnly = await report('tickets', { company: String(data.globex) });
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
});
