/**
 * Percentiles of first response and resolution times, per period, per technician, per company and
 * for the totals, over facts whose values are all distinct (so each percentile interpolates between
 * two facts): the reports answer what percentile_cont answers over the same facts, on both databases,
 * for an admin, with --company and for a technician who sees their own tickets only. The totals'
 * percentiles are read at their rank from an index and each technician's facts from their own index
 * range (services/reports/measure-stats.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reports } from '../../../src/server/index.js';
import type { Actor } from '../../../src/server/services/actor.js';
import { createCompany } from '../../../src/server/services/people.js';
import { openTicketStore, type TicketStore } from '../../helpers/ticket-store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

interface Fact {
  readonly assignee: number | null;
  readonly company: number;
  readonly createdAt: number;
  readonly firstResponseMs: number;
  readonly resolutionMs: number | null;
}

/** percentile_cont: linear interpolation between the two nearest ranks. */
function percentileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const first = sorted[lo] as number;
  if (Math.ceil(pos) === lo) return first;
  return first + ((sorted[lo + 1] as number) - first) * (pos - lo);
}

function expected(facts: readonly Fact[], measure: 'firstResponse' | 'resolution') {
  const values = facts.flatMap((f) => {
    const v = measure === 'firstResponse' ? f.firstResponseMs : f.resolutionMs;
    return v === null ? [] : [v];
  });
  // The databases' and the ranked totals' interpolations may differ in the last bit.
  const near = (v: number | null) => (v === null ? null : expect.closeTo(v, 6));
  return {
    [`${measure}P50Ms`]: near(percentileCont(values, 0.5)),
    [`${measure}P90Ms`]: near(percentileCont(values, 0.9)),
  };
}

describe.each(['sqlite', 'postgres'] as const)('report percentiles (%s)', (kind) => {
  let t: TicketStore;
  let ben: Actor;
  let other: number;
  const facts: Fact[] = [];

  beforeAll(async () => {
    t = await openTicketStore(kind);
    const { store, admin, company } = t;
    other = (await createCompany(store, admin, { name: 'Globex' })).id;
    const row = await store.db
      .insertInto('technicians')
      .values({ name: 'Ben', email: 'ben@example.com', is_admin: 0, can_unmask: 0, created_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    ben = { kind: 'technician', id: Number(row.id), name: 'Ben', admin: false, tokenPrefix: 'test' };
    // 157 tickets over three months; every first response and resolution time a different number of
    // seconds, in no order.
    for (let i = 0; i < 157; i++) {
      const assignee = i % 5 === 0 ? null : i % 3 === 0 ? ben.id : admin.id;
      facts.push({
        assignee,
        company: i % 4 === 0 ? other : company,
        createdAt: T0 + Math.floor((i * 89 * DAY) / 157) + (i % 7) * HOUR,
        firstResponseMs: (((i * 7919) % 157) + 1) * 37_000 + i,
        resolutionMs: i % 6 === 0 ? null : (((i * 104_729) % 157) + 1) * 91_000 + i,
      });
    }
    for (const f of facts) {
      const ticket = await store.db
        .insertInto('tickets')
        .values({
          company_id: f.company,
          title: 'Printer',
          status: f.resolutionMs === null ? 'open' : 'resolved',
          type: 'incident',
          priority: 'low',
          priority_rank: 1,
          impact: 'none',
          activity_status: 'read',
          assignee_id: f.assignee,
          created_by_id: admin.id,
          created_at: f.createdAt,
          updated_at: f.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await store.db
        .insertInto('ticket_sla')
        .values({
          ticket_id: ticket.id,
          clock: f.resolutionMs === null ? 'running' : 'stopped',
          started_at: f.createdAt,
          paused_at: null,
          paused_total_ms: 0,
          response_target_ms: HOUR,
          resolution_target_ms: 8 * HOUR,
          response_due_at: f.createdAt + HOUR,
          resolution_due_at: f.createdAt + 8 * HOUR,
          response_met_at: f.createdAt + f.firstResponseMs,
          resolution_met_at: f.resolutionMs === null ? null : f.createdAt + f.resolutionMs,
        })
        .execute();
    }
  });

  afterAll(async () => {
    await t.store.close();
    await t.db.drop();
  });

  const range = { from: '2026-01-01', to: '2026-03-31', tz: 'UTC' };
  const responded = (f: Fact, start: number, end: number) =>
    f.createdAt + f.firstResponseMs >= start && f.createdAt + f.firstResponseMs < end;
  const resolved = (f: Fact, start: number, end: number) =>
    f.resolutionMs !== null && f.createdAt + f.resolutionMs >= start && f.createdAt + f.resolutionMs < end;
  const of = (list: readonly Fact[], start: number, end: number) => ({
    ...expected(
      list.filter((f) => responded(f, start, end)),
      'firstResponse',
    ),
    ...expected(
      list.filter((f) => resolved(f, start, end)),
      'resolution',
    ),
  });
  const END = Date.parse('2026-04-01T00:00:00Z');

  it('per month and for the totals', async () => {
    const r = await reports.ticketsReport(t.store, t.admin, { ...range, by: 'month' });
    expect(r.totals).toMatchObject(of(facts, T0, END));
    const months = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'].map(Date.parse);
    expect(r.rows.map((row) => ({ ...row }))).toMatchObject(
      months.slice(0, 3).map((start, i) => of(facts, start, months[i + 1] as number)),
    );
  });

  it('per technician, the unassigned too, and with --company', async () => {
    for (const company of [undefined, t.company]) {
      const r = await reports.ticketsReport(t.store, t.admin, { ...range, by: 'technician', company });
      const list = facts.filter((f) => company === undefined || f.company === company);
      expect(r.totals).toMatchObject(of(list, T0, END));
      const byKey = new Map(r.rows.map((row) => [row.key, row]));
      for (const [key, assignee] of [
        [String(t.admin.id), t.admin.id],
        [String(ben.id), ben.id],
        ['none', null],
      ] as const) {
        expect(byKey.get(key)).toMatchObject(
          expected(
            list.filter((f) => f.assignee === assignee && responded(f, T0, END)),
            'firstResponse',
          ),
        );
      }
    }
  });

  it('per company', async () => {
    const r = await reports.ticketsReport(t.store, t.admin, { ...range, by: 'company' });
    for (const company of [t.company, other]) {
      const row = r.rows.find((x) => x.key === String(company));
      expect(row).toMatchObject(
        of(
          facts.filter((f) => f.company === company),
          T0,
          END,
        ),
      );
    }
  });

  it("a technician without the reports right: their own tickets' figures only", async () => {
    const r = await reports.techniciansReport(t.store, ben, { ...range, by: 'technician' });
    const own = facts.filter((f) => f.assignee === ben.id && responded(f, T0, END));
    expect(r.totals.firstResponseP50Ms).toBeCloseTo(
      percentileCont(
        own.map((f) => f.firstResponseMs),
        0.5,
      ) as number,
      6,
    );
    expect(r.totals.firstResponses).toBe(own.length);
    expect(r.rows.map((row) => row.key)).toEqual([String(ben.id)]);
  });

  it('over single days: one, two or three facts', async () => {
    const sizes = new Set<number>();
    for (let day = 0; day < 12; day++) {
      const date = new Date(T0 + day * DAY).toISOString().slice(0, 10);
      const r = await reports.ticketsReport(t.store, t.admin, { from: date, to: date, tz: 'UTC' });
      const start = T0 + day * DAY;
      expect(r.totals).toMatchObject(of(facts, start, start + DAY));
      sizes.add(r.totals.firstResponses);
    }
    expect([1, 2].every((n) => sizes.has(n))).toBe(true);
  });

  it('a range without facts', async () => {
    const r = await reports.ticketsReport(t.store, t.admin, { from: '2025-06-01', to: '2025-06-30', tz: 'UTC' });
    expect(r.totals).toMatchObject({
      firstResponses: 0,
      firstResponseP50Ms: null,
      firstResponseMeanMs: null,
      resolutions: 0,
      resolutionP90Ms: null,
    });
  });
});
