/**
 * The tickets report: created, resolved, reopened and the backlog at the end of each period; first
 * response and resolution times (p50, p90, mean) on the SLA clock, so Pending time is left out
 * (DESIGN §2.1). A target's clock time is its met time less the clock's start and the pauses folded
 * in before it (`due − target`); a ticket resolved from Pending stopped its clock when it went Pending.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { TicketsReport } from '../../../core/reports.js';
import {
  LIVE_TICKET,
  REOPENED_CHANGE,
  RESOLVED_CHANGE,
  countOf,
  counts,
  measureOf,
  rangeOf,
  reportContext,
  rowKeys,
  stats,
  ticketFacts,
  type FactQuery,
  type Grouped,
  type ReportContext,
} from './grouped-facts.js';
import { sql } from 'kysely';

const created: FactQuery = { facts: ticketFacts('t.created_at'), from: 'tickets t', where: sql.raw(LIVE_TICKET) };
const statusChanges: FactQuery = {
  facts: ticketFacts('a.created_at'),
  from: 'ticket_activity a JOIN tickets t ON t.id = a.ticket_id',
  where: sql.raw(`a.field = 'status' AND ${LIVE_TICKET}`),
};
const STATUS_COUNTS = `
  SUM(CASE WHEN ${RESOLVED_CHANGE} THEN 1 ELSE 0 END) AS "resolved",
  SUM(CASE WHEN ${REOPENED_CHANGE} THEN 1 ELSE 0 END) AS "reopened"`;

/** First response on the SLA clock: met time less the clock's start and the pauses before it. */
export const FIRST_RESPONSE_MS = 's.response_met_at - (s.response_due_at - s.response_target_ms)';
const RESOLUTION_MS = 'COALESCE(s.paused_at, s.resolution_met_at) - (s.resolution_due_at - s.resolution_target_ms)';

export const firstResponses: FactQuery = {
  facts: ticketFacts('s.response_met_at'),
  from: 'ticket_sla s JOIN tickets t ON t.id = s.ticket_id',
  where: sql.raw(LIVE_TICKET),
};
const resolutions: FactQuery = {
  facts: ticketFacts('s.resolution_met_at'),
  from: 'ticket_sla s JOIN tickets t ON t.id = s.ticket_id',
  where: sql.raw(`${LIVE_TICKET} AND s.clock = 'stopped'`),
};

/** Open tickets (created less resolved plus reopened) in each group, counted up to `end`. */
async function backlogUpTo(ctx: ReportContext, end: number, totals: boolean): Promise<Grouped> {
  const before: ReportContext = { ...ctx, start: 0, end, periods: null };
  const [c, s] = await Promise.all([
    counts(before, created, 'count(*) AS "created"', totals),
    counts(before, statusChanges, STATUS_COUNTS, totals),
  ]);
  const out: Grouped = new Map();
  for (const id of new Set([...c.keys(), ...s.keys()])) {
    out.set(id, { backlog: countOf(c, id, 'created') - countOf(s, id, 'resolved') + countOf(s, id, 'reopened') });
  }
  return out;
}

async function figures(ctx: ReportContext, totals: boolean) {
  const [c, s, fr, res] = await Promise.all([
    counts(ctx, created, 'count(*) AS "created"', totals),
    counts(ctx, statusChanges, STATUS_COUNTS, totals),
    stats(ctx, firstResponses, FIRST_RESPONSE_MS, 'firstResponse', totals),
    stats(ctx, resolutions, RESOLUTION_MS, 'resolution', totals),
  ]);
  return { c, s, fr, res };
}

/**
 * The totals when the rows are periods, which cover the range exactly: the counts are the periods'
 * sums, so only the percentiles (which do not add up) are asked of the database again.
 */
async function periodTotals(ctx: ReportContext, grouped: Awaited<ReturnType<typeof figures>>) {
  const [fr, res] = await Promise.all([
    stats(ctx, firstResponses, FIRST_RESPONSE_MS, 'firstResponse', true),
    stats(ctx, resolutions, RESOLUTION_MS, 'resolution', true),
  ]);
  const sum = (answer: Grouped, names: readonly string[]): Grouped => {
    const total: Record<string, number> = {};
    for (const name of names) total[name] = [...answer.keys()].reduce((n, id) => n + countOf(answer, id, name), 0);
    return new Map([['0', total]]);
  };
  return { c: sum(grouped.c, ['created']), s: sum(grouped.s, ['resolved', 'reopened']), fr, res };
}

function row(f: Awaited<ReturnType<typeof figures>>, id: string, backlog: number) {
  return {
    created: countOf(f.c, id, 'created'),
    resolved: countOf(f.s, id, 'resolved'),
    reopened: countOf(f.s, id, 'reopened'),
    backlog,
    firstResponses: countOf(f.fr, id, 'firstResponseCount'),
    firstResponseP50Ms: measureOf(f.fr, id, 'firstResponseP50'),
    firstResponseP90Ms: measureOf(f.fr, id, 'firstResponseP90'),
    firstResponseMeanMs: measureOf(f.fr, id, 'firstResponseMean'),
    resolutions: countOf(f.res, id, 'resolutionCount'),
    resolutionP50Ms: measureOf(f.res, id, 'resolutionP50'),
    resolutionP90Ms: measureOf(f.res, id, 'resolutionP90'),
    resolutionMeanMs: measureOf(f.res, id, 'resolutionMean'),
  };
}

export async function ticketsReport(store: Store, actor: Actor, raw: unknown): Promise<TicketsReport> {
  const ctx = await reportContext(store, actor, 'tickets', raw, 'day');
  if (ctx.periods) {
    // Periods: the backlog before the range, then each period's arrivals less departures; the last
    // period's backlog is the range's.
    const [grouped, before] = await Promise.all([figures(ctx, false), backlogUpTo(ctx, ctx.start, true)]);
    const [keys, total] = await Promise.all([
      rowKeys(ctx, [grouped.c, grouped.s, grouped.fr, grouped.res]),
      periodTotals(ctx, grouped),
    ]);
    let open = countOf(before, '0', 'backlog');
    const rows = keys.map(({ id, ...k }) => {
      open += countOf(grouped.c, id, 'created') - countOf(grouped.s, id, 'resolved');
      open += countOf(grouped.s, id, 'reopened');
      return { ...k, ...row(grouped, id, open) };
    });
    return { ...rangeOf(ctx), totals: row(total, '0', open), rows };
  }
  const [grouped, total, backlogs] = await Promise.all([
    figures(ctx, false),
    figures(ctx, true),
    backlogUpTo(ctx, ctx.end, false),
  ]);
  const keys = await rowKeys(ctx, [grouped.c, grouped.s, grouped.fr, grouped.res]);
  return {
    ...rangeOf(ctx),
    // Every ticket is in one group (unassigned and the like in "none"): the groups' backlogs add up.
    totals: row(
      total,
      '0',
      [...backlogs.keys()].reduce((n, id) => n + countOf(backlogs, id, 'backlog'), 0),
    ),
    rows: keys.map(({ id, ...k }) => ({ ...k, ...row(grouped, id, countOf(backlogs, id, 'backlog')) })),
  };
}
