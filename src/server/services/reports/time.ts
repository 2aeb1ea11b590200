/**
 * The time report (the one `desk time report` gave, folded into `desk report`): tracked time per
 * period or group, billable and not, and the amount (rate × hours of billable time, each entry rounded
 * to the cent as on its own). A technician without the reports right sees their own entries and those
 * on their companies' tickets.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { TimeReportV2 } from '../../../core/reports.js';
import { countOf, counts, rowKeys, summed, type Aggregates, type FactQuery, type Grouped } from './grouped-facts.js';
import { rangeOf, reportContext } from './report-context.js';

const entries: FactQuery = {
  facts: {
    time: 'e.started_at',
    technician: 'e.technician_id',
    company: 't.company_id',
    priority: 't.priority',
    type: 't.type',
  },
  from: 'time_entries e JOIN tickets t ON t.id = e.ticket_id',
  own: 'e.technician_id',
  alone: { from: 'time_entries e', needs: ['company', 'priority', 'type'] },
};

// ROUND(x) rounds halves away from zero on both databases, as Math.round does for positive amounts.
const AGGREGATES: Aggregates = {
  entries: 'count(*)',
  durationMs: 'SUM(e.duration_ms)',
  billableMs: 'SUM(CASE WHEN e.billable = 1 THEN e.duration_ms ELSE 0 END)',
  amountCents: `SUM(CASE WHEN e.billable = 1 AND e.rate_cents IS NOT NULL
      THEN ROUND(e.rate_cents * e.duration_ms / 3600000.0) ELSE 0 END)`,
};

function row(answer: Grouped, id: string) {
  return {
    entries: countOf(answer, id, 'entries'),
    durationMs: countOf(answer, id, 'durationMs'),
    billableMs: countOf(answer, id, 'billableMs'),
    nonBillableMs: countOf(answer, id, 'durationMs') - countOf(answer, id, 'billableMs'),
    amountCents: countOf(answer, id, 'amountCents'),
  };
}

export async function timeReport(store: Store, actor: Actor, raw: unknown): Promise<TimeReportV2> {
  const ctx = await reportContext(store, actor, 'time', raw, 'day');
  // Every entry is in one group: the totals are the groups' sums.
  const answer = await counts(ctx, entries, AGGREGATES, false);
  const keys = await rowKeys(ctx, [answer]);
  return {
    ...rangeOf(ctx),
    totals: row(summed(answer), '0'),
    rows: keys.map(({ id, ...k }) => ({ ...k, ...row(answer, id) })),
  };
}
