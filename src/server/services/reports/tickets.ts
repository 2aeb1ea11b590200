/**
 * The tickets report: created, resolved, reopened and the backlog at the end of each period; first
 * response and resolution times (p50, p90, mean) on the SLA clock, so Pending time is left out
 * (DESIGN §2.1). A target's clock time is its met time less the clock's start and the pauses folded
 * in before it (`due − target`); a ticket resolved from Pending stopped its clock when it went Pending.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { TicketsReport } from '../../../core/reports.js';
import { countOf, counts, measureOf, rowKeys, summed, type Grouped } from './grouped-facts.js';
import { statsWithTotals } from './measure-stats.js';
import { rangeOf, reportContext, type ReportContext } from './report-context.js';
import {
  FIRST_RESPONSE_INDEXES,
  FIRST_RESPONSE_MS,
  RESOLUTION_INDEXES,
  RESOLUTION_MS,
  createdTickets as created,
  firstResponses,
  resolutions,
  statusCounts,
} from './ticket-facts.js';

/** Open tickets (created less resolved plus reopened) in each group, counted up to `end`. */
async function backlogUpTo(ctx: ReportContext, end: number, totals: boolean): Promise<Grouped> {
  const before: ReportContext = { ...ctx, start: 0, end, periods: null };
  const [c, s] = await Promise.all([
    counts(before, created, { created: 'count(*)' }, totals),
    statusCounts(before, totals),
  ]);
  const out: Grouped = new Map();
  for (const id of new Set([...c.keys(), ...s.keys()])) {
    out.set(id, { backlog: countOf(c, id, 'created') - countOf(s, id, 'resolved') + countOf(s, id, 'reopened') });
  }
  return out;
}

interface Figures {
  readonly c: Grouped;
  readonly s: Grouped;
  readonly fr: Grouped;
  readonly res: Grouped;
}

/**
 * The figures per group and for the totals. The counts' totals are the groups' sums (every ticket is
 * in one group, unassigned and the like in "none"; periods cover the range exactly); the percentiles,
 * which do not add up, see measure-stats.ts.
 */
async function figures(ctx: ReportContext): Promise<{ grouped: Figures; total: Figures }> {
  const [c, s, fr, res] = await Promise.all([
    counts(ctx, created, { created: 'count(*)' }, false),
    statusCounts(ctx, false),
    statsWithTotals(ctx, firstResponses, FIRST_RESPONSE_MS, 'firstResponse', FIRST_RESPONSE_INDEXES),
    statsWithTotals(ctx, resolutions, RESOLUTION_MS, 'resolution', RESOLUTION_INDEXES),
  ]);
  return {
    grouped: { c, s, fr: fr.grouped, res: res.grouped },
    total: { c: summed(c), s: summed(s), fr: fr.total, res: res.total },
  };
}

function row(f: Figures, id: string, backlog: number) {
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

/** A group's open tickets after its figures in the range, from its backlog before. */
function backlogAfter(before: Grouped, f: Figures, id: string): number {
  return (
    countOf(before, id, 'backlog') +
    countOf(f.c, id, 'created') -
    countOf(f.s, id, 'resolved') +
    countOf(f.s, id, 'reopened')
  );
}

export async function ticketsReport(store: Store, actor: Actor, raw: unknown): Promise<TicketsReport> {
  const ctx = await reportContext(store, actor, 'tickets', raw, 'day');
  const periods = ctx.periods !== null;
  // The backlog before the range (in all or per group), then each period's or group's arrivals less
  // departures.
  const [{ grouped, total }, before] = await Promise.all([figures(ctx), backlogUpTo(ctx, ctx.start, periods)]);
  const keys = await rowKeys(ctx, [grouped.c, grouped.s, grouped.fr, grouped.res]);
  if (periods) {
    // The last period's backlog is the range's.
    let open = countOf(before, '0', 'backlog');
    const rows = keys.map(({ id, ...k }) => {
      open += countOf(grouped.c, id, 'created') - countOf(grouped.s, id, 'resolved');
      open += countOf(grouped.s, id, 'reopened');
      return { ...k, ...row(grouped, id, open) };
    });
    return { ...rangeOf(ctx), totals: row(total, '0', open), rows };
  }
  // Every ticket is in one group: the groups' backlogs add up (groups with a backlog and no figures
  // in the range too).
  const ids = new Set([...before.keys(), ...grouped.c.keys(), ...grouped.s.keys()]);
  const backlog = [...ids].reduce((n, id) => n + backlogAfter(before, grouped, id), 0);
  return {
    ...rangeOf(ctx),
    totals: row(total, '0', backlog),
    rows: keys.map(({ id, ...k }) => ({ ...k, ...row(grouped, id, backlogAfter(before, grouped, id)) })),
  };
}
