/**
 * The satisfaction report: ratings (1–5) given in the range, their distribution and average, the
 * response rate (ratings per ticket resolved in the same range), the sentiment of the tickets created
 * in the range, and the lowest-rated tickets with the customer's comment.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { SatisfactionReport } from '../../../core/reports.js';
import { iso } from '../../iso-time.js';
import {
  LIVE_TICKET,
  RESOLVED_CHANGE,
  countOf,
  counts,
  measureOf,
  rangeOf,
  rangeWhere,
  ratio,
  reportContext,
  rowKeys,
  ticketFacts,
  type FactQuery,
  type ReportContext,
} from './grouped-facts.js';

const ratings: FactQuery = {
  facts: ticketFacts('r.created_at'),
  from: 'satisfaction_ratings r JOIN tickets t ON t.id = r.ticket_id',
  where: sql.raw(LIVE_TICKET),
};
const resolutions: FactQuery = {
  facts: ticketFacts('a.created_at'),
  from: 'ticket_activity a JOIN tickets t ON t.id = a.ticket_id',
  where: sql.raw(`a.field = 'status' AND ${RESOLVED_CHANGE} AND ${LIVE_TICKET}`),
};
const created: FactQuery = { facts: ticketFacts('t.created_at'), from: 'tickets t', where: sql.raw(LIVE_TICKET) };

const RATING_COUNTS = [1, 2, 3, 4, 5]
  .map((n) => `SUM(CASE WHEN r.rating = ${n} THEN 1 ELSE 0 END) AS "rating${n}"`)
  .join(', ');

async function figures(ctx: ReportContext, totals: boolean) {
  const answers = await Promise.all([
    counts(ctx, ratings, `count(*) AS "ratings", avg(r.rating * 1.0) AS "average", ${RATING_COUNTS}`, totals),
    counts(ctx, resolutions, 'count(*) AS "resolved"', totals),
  ]);
  const [r, res] = answers;
  const row = (id: string) => {
    const n = countOf(r, id, 'ratings');
    const resolved = countOf(res, id, 'resolved');
    return {
      ratings: n,
      average: measureOf(r, id, 'average'),
      rating1: countOf(r, id, 'rating1'),
      rating2: countOf(r, id, 'rating2'),
      rating3: countOf(r, id, 'rating3'),
      rating4: countOf(r, id, 'rating4'),
      rating5: countOf(r, id, 'rating5'),
      resolved,
      responseRate: ratio(n, resolved),
    };
  };
  return { answers, row };
}

async function sentiment(ctx: ReportContext) {
  const res = await sql<{ sentiment: string; n: number }>`
    SELECT t.sentiment AS sentiment, count(*) AS n FROM tickets t
    WHERE ${rangeWhere(ctx, created)} AND t.sentiment IS NOT NULL GROUP BY t.sentiment`.execute(ctx.db);
  const of = (s: string) => Number(res.rows.find((r) => r.sentiment === s)?.n ?? 0);
  return { sentimentPositive: of('positive'), sentimentNeutral: of('neutral'), sentimentNegative: of('negative') };
}

/** The five lowest ratings of the range (latest first among equals). */
async function lowest(ctx: ReportContext) {
  const res = await sql<{ id: number; title: string; rating: number; comment: string | null; at: number }>`
    SELECT t.id, t.title, r.rating, r.comment, r.created_at AS at
    FROM satisfaction_ratings r JOIN tickets t ON t.id = r.ticket_id
    WHERE ${rangeWhere(ctx, ratings)} ORDER BY r.rating, r.created_at DESC, t.id DESC LIMIT 5`.execute(ctx.db);
  return res.rows.map((r) => ({
    ticketId: Number(r.id),
    title: r.title,
    rating: Number(r.rating),
    comment: r.comment,
    ratedAt: iso(Number(r.at)),
  }));
}

export async function satisfactionReport(store: Store, actor: Actor, raw: unknown): Promise<SatisfactionReport> {
  const ctx = await reportContext(store, actor, 'satisfaction', raw, 'day');
  const [grouped, total, mix, low] = await Promise.all([
    figures(ctx, false),
    figures(ctx, true),
    sentiment(ctx),
    lowest(ctx),
  ]);
  const keys = await rowKeys(ctx, grouped.answers);
  return {
    ...rangeOf(ctx),
    totals: { ...total.row('0'), ...mix },
    rows: keys.map(({ id, ...k }) => ({ ...k, ...grouped.row(id) })),
    lowest: low,
  };
}
