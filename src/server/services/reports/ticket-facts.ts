/**
 * The ticket facts reports read (kept on write, see store/migrations/0017_report_facts.ts): one row per
 * ticket in `ticket_facts` (created, first response and resolution on the SLA clock, breaches) and one
 * per status change in `ticket_status_facts`, each with the ticket's company, assignee, priority and type
 * and whether it counts (not deleted, not spam). Each query below ranges over one covering index.
 */
import { sql } from 'kysely';
import type { SlaTarget } from '../../../core/sla.js';
import { counts, countsByValues, type FactQuery, type Facts, type Grouped } from './grouped-facts.js';
import type { ReportContext } from './report-context.js';
import type { MeasureIndexes } from './measure-stats.js';

/** The columns of a facts row (alias `alias`) a report can cut by. */
function factsOf(alias: string, time: string): Facts {
  return {
    time: `${alias}.${time}`,
    company: `${alias}.company_id`,
    technician: `${alias}.assignee_id`,
    priority: `${alias}.priority`,
    type: `${alias}.type`,
  };
}

const live = (alias: string, extra = '') => sql.raw(`${alias}.live = 1${extra ? ` AND ${extra}` : ''}`);

/** Tickets, at their creation. */
export const createdTickets: FactQuery = {
  facts: factsOf('f', 'created_at'),
  from: 'ticket_facts f',
  where: live('f'),
};

/** Status changes, when they were made (alias `a`). */
export const statusChanges: FactQuery = {
  facts: factsOf('a', 'at'),
  from: 'ticket_status_facts a',
  where: live('a'),
};

/**
 * The statuses a change goes from and to when it resolves a ticket (active to done) or reopens one (done
 * to active): the built-in ones and the custom statuses mapped to them (status names, as
 * `ticket_activity` holds them).
 */
async function statusGroups(ctx: ReportContext): Promise<{ active: Set<string>; done: Set<string> }> {
  const active = new Set(['open', 'pending']);
  const done = new Set(['resolved', 'closed']);
  for (const { name, maps_to } of await ctx.db.selectFrom('custom_statuses').select(['name', 'maps_to']).execute()) {
    if (active.has(maps_to)) active.add(name);
    else if (done.has(maps_to)) done.add(name);
  }
  return { active, done };
}

/** A change from one of `from` to one of `to`, the names written out (cheaper on SQLite than a subquery). */
function changeOf(from: ReadonlySet<string>, to: ReadonlySet<string>): string {
  const names = (set: ReadonlySet<string>) => [...set].map((name) => `'${name.replaceAll("'", "''")}'`).join(', ');
  return `a.old_value IN (${names(from)}) AND a.new_value IN (${names(to)})`;
}

/**
 * Status changes that resolved a ticket (`resolved`) and that reopened one (`reopened`), per group.
 * PostgreSQL counts each group's changes from one status to another, told apart here (hashing two short
 * texts costs it less than the conditions on them); SQLite, which groups by sorting, tests each change.
 */
export async function statusCounts(ctx: ReportContext, totals: boolean, q = statusChanges): Promise<Grouped> {
  const [{ active, done }, pairs] = await Promise.all([
    statusGroups(ctx),
    ctx.dialect === 'postgres' ? countsByValues(ctx, q, ['a.old_value', 'a.new_value'], totals) : null,
  ]);
  if (!pairs) {
    return counts(
      ctx,
      q,
      {
        resolved: `SUM(CASE WHEN ${changeOf(active, done)} THEN 1 ELSE 0 END)`,
        reopened: `SUM(CASE WHEN ${changeOf(done, active)} THEN 1 ELSE 0 END)`,
      },
      totals,
    );
  }
  const out: Grouped = new Map();
  for (const { k, values, n } of pairs) {
    const [from = '', to = ''] = values;
    const row = out.get(k) ?? { resolved: 0, reopened: 0 };
    out.set(k, row);
    if (active.has(from) && done.has(to)) row.resolved = (row.resolved ?? 0) + n;
    else if (done.has(from) && active.has(to)) row.reopened = (row.reopened ?? 0) + n;
  }
  return out;
}

/**
 * Status changes that resolved a ticket (`resolved`) per group, of the status changes `q` (alias `a`)
 * — on SQLite read alone, on PostgreSQL with those that reopened one (see statusCounts).
 */
export async function resolvedCounts(ctx: ReportContext, q = statusChanges): Promise<Grouped> {
  if (ctx.dialect === 'postgres') return statusCounts(ctx, false, q);
  const { active, done } = await statusGroups(ctx);
  return counts(ctx, { ...q, where: live('a', changeOf(active, done)) }, { resolved: 'count(*)' }, false);
}

/** First response on the SLA clock: met time less the clock's start and the pauses before it. */
export const FIRST_RESPONSE_MS = 'f.first_response_ms';
/** Resolution on the SLA clock, of a stopped clock (resolved from Pending: stopped when it went Pending). */
export const RESOLUTION_MS = 'f.resolution_ms';
/** Both have an index in the order of their values (store/migrations/0024_report_measure_indexes.ts). */
export const FIRST_RESPONSE_INDEXES: MeasureIndexes = { byValue: true };
export const RESOLUTION_INDEXES: MeasureIndexes = { byValue: true };

/** First responses, when they were made (also by technician in an index, migration 0024). */
export const firstResponses: FactQuery = {
  facts: factsOf('f', 'response_met_at'),
  from: 'ticket_facts f',
  where: live('f'),
  technicianIndex: ['sqlite', 'postgres'],
};
/** Resolutions (clock stopped), when the resolution target was met. */
export const resolutions: FactQuery = {
  facts: factsOf('f', 'resolution_met_at'),
  from: 'ticket_facts f',
  where: live('f', `${RESOLUTION_MS} IS NOT NULL`),
};

/** A target met on time (when it was met) or breached (when its due time passed, met late too). */
export function slaTargetFacts(target: SlaTarget, what: 'met' | 'breached'): FactQuery {
  return {
    facts: factsOf('f', `${target}_${what}_at`),
    from: 'ticket_facts f',
    where: live('f', what === 'met' ? `f.${target}_breached_at IS NULL` : ''),
  };
}
