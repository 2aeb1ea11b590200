/**
 * The ticket facts reports read (kept on write, see store/migrations/0017_report_facts.ts): one row per
 * ticket in `ticket_facts` (created, first response and resolution on the SLA clock, breaches) and one
 * per status change in `ticket_status_facts`, each with the ticket's company, assignee, priority and type
 * and whether it counts (not deleted, not spam). Each query below ranges over one covering index.
 */
import { sql } from 'kysely';
import type { SlaTarget } from '../../../core/sla.js';
import {
  REOPENED_CHANGE,
  RESOLVED_CHANGE,
  counts,
  countsByValues,
  type Aggregates,
  type FactQuery,
  type Facts,
  type Grouped,
} from './grouped-facts.js';
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

/** Status changes, when they were made (alias `a`, for RESOLVED_CHANGE and REOPENED_CHANGE). */
export const statusChanges: FactQuery = {
  facts: factsOf('a', 'at'),
  from: 'ticket_status_facts a',
  where: live('a'),
};

const STATUS_COUNTS: Aggregates = {
  resolved: `SUM(CASE WHEN ${RESOLVED_CHANGE} THEN 1 ELSE 0 END)`,
  reopened: `SUM(CASE WHEN ${REOPENED_CHANGE} THEN 1 ELSE 0 END)`,
};

/**
 * Status changes that resolved and that reopened a ticket, per group (as RESOLVED_CHANGE and
 * REOPENED_CHANGE say). PostgreSQL counts each group's changes from one status to another and they
 * are told apart here, from the built-in statuses and the custom ones mapped to them.
 */
export async function statusCounts(ctx: ReportContext, totals: boolean, q = statusChanges): Promise<Grouped> {
  if (ctx.dialect !== 'postgres') return counts(ctx, q, STATUS_COUNTS, totals);
  const [custom, changes] = await Promise.all([
    ctx.db.selectFrom('custom_statuses').select(['name', 'maps_to']).execute(),
    countsByValues(ctx, q, ['a.old_value', 'a.new_value'], totals),
  ]);
  const active = new Set(['open', 'pending']);
  const done = new Set(['resolved', 'closed']);
  for (const { name, maps_to } of custom) {
    if (active.has(maps_to)) active.add(name);
    else if (done.has(maps_to)) done.add(name);
  }
  const out: Grouped = new Map();
  for (const { k, values, n } of changes) {
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
export function resolvedCounts(ctx: ReportContext, q = statusChanges): Promise<Grouped> {
  if (ctx.dialect === 'postgres') return statusCounts(ctx, false, q);
  return counts(ctx, { ...q, where: live('a', RESOLVED_CHANGE) }, { resolved: 'count(*)' }, false);
}

/** First response on the SLA clock: met time less the clock's start and the pauses before it. */
export const FIRST_RESPONSE_MS = 'f.first_response_ms';
/** Resolution on the SLA clock, of a stopped clock (resolved from Pending: stopped when it went Pending). */
export const RESOLUTION_MS = 'f.resolution_ms';
/** The indexes PostgreSQL has for them (store/migrations/0024_report_measure_indexes.ts). */
export const FIRST_RESPONSE_INDEXES: MeasureIndexes = { byValue: true, byTechnician: true };
export const RESOLUTION_INDEXES: MeasureIndexes = { byValue: true };

/** First responses, when they were made. */
export const firstResponses: FactQuery = {
  facts: factsOf('f', 'response_met_at'),
  from: 'ticket_facts f',
  where: live('f'),
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
