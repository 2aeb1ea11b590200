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
import {
  LIVE_TICKET,
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
import { FIRST_RESPONSE_MS, firstResponses } from './tickets.js';
import { AVAILABILITY_STATES, availabilityTimes } from './availability.js';

const resolutions: FactQuery = {
  facts: ticketFacts('a.created_at'),
  from: 'ticket_activity a JOIN tickets t ON t.id = a.ticket_id',
  where: sql.raw(`a.field = 'status' AND ${RESOLVED_CHANGE} AND ${LIVE_TICKET}`),
  own: 't.assignee_id',
};
const chats: FactQuery = {
  facts: { time: 'ch.accepted_at', technician: 'ch.owner_id', company: 'ch.company_id' },
  from: 'chats ch',
  own: 'ch.owner_id',
};
const offers: FactQuery = {
  facts: { time: 'o.created_at', technician: 'o.technician_id', company: 'ch.company_id' },
  from: 'chat_offers o JOIN chats ch ON ch.id = o.chat_id',
  where: sql.raw("o.state = 'expired'"),
  own: 'o.technician_id',
};
const entries: FactQuery = {
  facts: { time: 'e.started_at', technician: 'e.technician_id', company: 't.company_id' },
  from: 'time_entries e JOIN tickets t ON t.id = e.ticket_id',
  own: 'e.technician_id',
};

async function figures(ctx: ReportContext, totals: boolean) {
  const answers = await Promise.all([
    counts(ctx, resolutions, 'count(*) AS "resolved"', totals),
    stats(ctx, { ...firstResponses, own: 't.assignee_id' }, FIRST_RESPONSE_MS, 'firstResponse', totals),
    counts(ctx, chats, 'count(*) AS "chatsHandled"', totals),
    counts(ctx, offers, 'count(*) AS "rona"', totals),
    counts(
      ctx,
      entries,
      `SUM(e.duration_ms) AS "trackedMs", SUM(CASE WHEN e.billable = 1 THEN e.duration_ms ELSE 0 END) AS "billableMs"`,
      totals,
    ),
  ]);
  const [res, fr, ch, rona, time] = answers;
  const row = (id: string) => ({
    resolved: countOf(res, id, 'resolved'),
    firstResponses: countOf(fr, id, 'firstResponseCount'),
    firstResponseP50Ms: measureOf(fr, id, 'firstResponseP50'),
    chatsHandled: countOf(ch, id, 'chatsHandled'),
    rona: countOf(rona, id, 'rona'),
    trackedMs: countOf(time, id, 'trackedMs'),
    billableMs: countOf(time, id, 'billableMs'),
    nonBillableMs: countOf(time, id, 'trackedMs') - countOf(time, id, 'billableMs'),
  });
  return { answers, row };
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
  const [grouped, total, times] = await Promise.all([figures(ctx, false), figures(ctx, true), availabilityTimes(ctx)]);
  // Being Offline the whole range is no figure: such a technician gets a row only for their others.
  const present: Grouped = new Map(
    [...times].filter(([id]) => AVAILABILITY_STATES.some((s) => s !== 'offline' && countOf(times, id, `${s}Ms`) > 0)),
  );
  const keys = (await rowKeys(ctx, [...grouped.answers, present])).filter((k) => k.id !== 'none');
  const rows = keys.map(({ id, ...k }) => ({ ...k, ...grouped.row(id), ...timesOf(times, id) }));
  const totalTimes = Object.fromEntries(
    AVAILABILITY_STATES.map((state) => [`${state}Ms`, rows.reduce((n, r) => n + r[`${state}Ms`], 0)]),
  ) as Times;
  return { ...rangeOf(ctx), totals: { ...total.row('0'), ...totalTimes }, rows };
}
