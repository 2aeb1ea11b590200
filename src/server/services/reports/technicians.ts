/**
 * The technicians report, one row per technician: tickets resolved and first responses on the
 * tickets assigned to them, chats they accepted, offers they let time out (RONA), the time they
 * tracked, billable and not, and the time they were Available, Away, RONA and Offline (from the
 * availability history, see availability.ts). A technician with none of these figures who was
 * Offline throughout has no row; the totals' times are the rows' sums. A technician without the
 * reports right sees their own row only.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { TechniciansReport } from '../../../core/reports.js';
import { countOf, counts, measureOf, rowKeys, summed, type FactQuery, type Grouped } from './grouped-facts.js';
import { statsWithTotals } from './measure-stats.js';
import { rangeOf, reportContext, type ReportContext } from './report-context.js';
import {
  FIRST_RESPONSE_INDEXES,
  FIRST_RESPONSE_MS,
  firstResponses,
  resolvedCounts,
  statusChanges,
} from './ticket-facts.js';
import { AVAILABILITY_STATES, availabilityTimes } from './availability.js';

// SQLite has an index of status changes by technician (migration 0026); PostgreSQL counts them by hashing.
const ownChanges: FactQuery = { ...statusChanges, own: 'a.assignee_id', technicianIndex: ['sqlite'] };
// The technician keys are `+column`: grouped by the bare column, SQLite would walk the whole table in
// technician order (through that column's index) rather than read the range from a covering index.
const chats: FactQuery = {
  facts: { time: 'ch.accepted_at', technician: '+ch.owner_id', company: 'ch.company_id' },
  from: 'chats ch',
  own: 'ch.owner_id',
};
const offers: FactQuery = {
  facts: { time: 'o.created_at', technician: '+o.technician_id', company: 'ch.company_id' },
  from: 'chat_offers o JOIN chats ch ON ch.id = o.chat_id',
  where: sql.raw("o.state = 'expired'"),
  own: 'o.technician_id',
  alone: { from: 'chat_offers o', needs: ['company'] },
};
const entries: FactQuery = {
  facts: { time: 'e.started_at', technician: '+e.technician_id', company: 't.company_id' },
  from: 'time_entries e JOIN tickets t ON t.id = e.ticket_id',
  own: 'e.technician_id',
  alone: { from: 'time_entries e', needs: ['company'] },
};

/**
 * The figures per technician and for the totals: the counts' totals are the groups' sums (every fact
 * is in one group, the unassigned in "none"); the first response percentiles' see measure-stats.ts.
 */
async function figures(ctx: ReportContext) {
  const [res, fr, ch, rona, time] = await Promise.all([
    resolvedCounts(ctx, ownChanges),
    statsWithTotals(
      ctx,
      { ...firstResponses, own: 'f.assignee_id' },
      FIRST_RESPONSE_MS,
      'firstResponse',
      FIRST_RESPONSE_INDEXES,
    ),
    counts(ctx, chats, { chatsHandled: 'count(*)' }, false),
    counts(ctx, offers, { rona: 'count(*)' }, false),
    counts(
      ctx,
      entries,
      {
        trackedMs: 'SUM(e.duration_ms)',
        billableMs: 'SUM(CASE WHEN e.billable = 1 THEN e.duration_ms ELSE 0 END)',
      },
      false,
    ),
  ]);
  const grouped = [res, fr.grouped, ch, rona, time];
  const total = [summed(res), fr.total, summed(ch), summed(rona), summed(time)];
  const rowOf = (answers: Grouped[], id: string) => {
    const [r, f, c, o, t] = answers as [Grouped, Grouped, Grouped, Grouped, Grouped];
    return {
      resolved: countOf(r, id, 'resolved'),
      firstResponses: countOf(f, id, 'firstResponseCount'),
      firstResponseP50Ms: measureOf(f, id, 'firstResponseP50'),
      chatsHandled: countOf(c, id, 'chatsHandled'),
      rona: countOf(o, id, 'rona'),
      trackedMs: countOf(t, id, 'trackedMs'),
      billableMs: countOf(t, id, 'billableMs'),
      nonBillableMs: countOf(t, id, 'trackedMs') - countOf(t, id, 'billableMs'),
    };
  };
  return { answers: grouped, row: (id: string) => rowOf(grouped, id), totalRow: () => rowOf(total, '0') };
}

type Times = Record<`${(typeof AVAILABILITY_STATES)[number]}Ms`, number>;

function timesOf(answer: Grouped, id: string): Times {
  return {
    availableMs: countOf(answer, id, 'availableMs'),
    awayMs: countOf(answer, id, 'awayMs'),
    ronaMs: countOf(answer, id, 'ronaMs'),
    offlineMs: countOf(answer, id, 'offlineMs'),
  };
}

export async function techniciansReport(store: Store, actor: Actor, raw: unknown): Promise<TechniciansReport> {
  const base = await reportContext(store, actor, 'technicians', raw, 'technician');
  // Without the reports right: their own row, whatever the companies.
  const ctx: ReportContext = base.scope.all ? base : { ...base, scope: { ...base.scope, companyIds: [] } };
  const [grouped, times] = await Promise.all([figures(ctx), availabilityTimes(ctx)]);
  // Being Offline the whole range is no figure: such a technician gets a row only for their others.
  const present: Grouped = new Map(
    [...times].filter(([id]) => AVAILABILITY_STATES.some((s) => s !== 'offline' && countOf(times, id, `${s}Ms`) > 0)),
  );
  const keys = (await rowKeys(ctx, [...grouped.answers, present])).filter((k) => k.id !== 'none');
  const rows = keys.map(({ id, ...k }) => ({ ...k, ...grouped.row(id), ...timesOf(times, id) }));
  const totalTimes = Object.fromEntries(
    AVAILABILITY_STATES.map((state) => [`${state}Ms`, rows.reduce((n, r) => n + r[`${state}Ms`], 0)]),
  ) as Times;
  return { ...rangeOf(ctx), totals: { ...grouped.totalRow(), ...totalTimes }, rows };
}
