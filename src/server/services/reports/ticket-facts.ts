/**
 * The ticket facts reports read (kept on write, see store/migrations/0017_report_facts.ts): one row per
 * ticket in `ticket_facts` (created, first response and resolution on the SLA clock, breaches) and one
 * per status change in `ticket_status_facts`, each with the ticket's company, assignee, priority and type
 * and whether it counts (not deleted, not spam). Each query below ranges over one covering index.
 */
import { sql } from 'kysely';
import type { SlaTarget } from '../../../core/sla.js';
import { REOPENED_CHANGE, RESOLVED_CHANGE, type Aggregates, type FactQuery, type Facts } from './grouped-facts.js';

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
/** The status changes that resolved a ticket. */
export const resolvedChanges: FactQuery = { ...statusChanges, where: live('a', RESOLVED_CHANGE) };

export const STATUS_COUNTS: Aggregates = {
  resolved: `SUM(CASE WHEN ${RESOLVED_CHANGE} THEN 1 ELSE 0 END)`,
  reopened: `SUM(CASE WHEN ${REOPENED_CHANGE} THEN 1 ELSE 0 END)`,
};

/** First response on the SLA clock: met time less the clock's start and the pauses before it. */
export const FIRST_RESPONSE_MS = 'f.first_response_ms';
/** Resolution on the SLA clock, of a stopped clock (resolved from Pending: stopped when it went Pending). */
export const RESOLUTION_MS = 'f.resolution_ms';

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
