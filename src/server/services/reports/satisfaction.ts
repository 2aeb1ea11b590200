/**
 * The satisfaction report: ratings (1–5) of tickets and of chats given in the range, their distribution
 * and average, the response rate (ticket ratings per ticket resolved in the same range), the sentiment of the tickets created
 * in the range, and the lowest-rated tickets with the customer's comment.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { SatisfactionReport } from '../../../core/reports.js';
import { iso } from '../../iso-time.js';
import {
  LIVE_TICKET,
  NOT_LIVE_TICKET,
  countOf,
  counts,
  rangeWhere,
  ratio,
  rowKeys,
  summed,
  ticketFacts,
  type Aggregates,
  type FactQuery,
  type Grouped,
} from './grouped-facts.js';
import { rangeOf, reportContext, type ReportContext } from './report-context.js';
import { createdTickets as created, resolvedCounts } from './ticket-facts.js';

/** Ratings of resolved tickets (the lowest ones are listed with their ticket). */
const ticketRatings: FactQuery = {
  facts: ticketFacts('r.created_at'),
  from: 'satisfaction_ratings r JOIN tickets t ON t.id = r.ticket_id',
  where: sql.raw(LIVE_TICKET),
};
/**
 * Every rating: the tickets' and the chats' (a chat's company and owner; its ticket's priority and
 * type when it has one; a chat whose ticket was deleted or marked as spam is not counted).
 */
const ratings: FactQuery = {
  facts: {
    time: 'r.created_at',
    company: 'r.company_id',
    technician: 'r.technician_id',
    priority: 'r.priority',
    type: 'r.type',
  },
  from: `(SELECT r.rating, r.created_at, 1 AS of_ticket, t.company_id, t.assignee_id AS technician_id, t.priority, t.type
      FROM satisfaction_ratings r JOIN tickets t ON t.id = r.ticket_id WHERE ${LIVE_TICKET}
    UNION ALL
    SELECT cr.rating, cr.created_at, 0 AS of_ticket, c.company_id, c.owner_id AS technician_id, t.priority, t.type
      FROM chat_ratings cr JOIN chats c ON c.id = cr.chat_id LEFT JOIN tickets t ON t.id = c.ticket_id
      WHERE c.ticket_id IS NULL OR (${LIVE_TICKET})) r`,
  subquery: true,
  // Without a company, technician, priority or type asked for, the ratings alone, less those of the few
  // tickets deleted or marked as spam (found in their own index): joining every rating to its ticket
  // read the whole tickets table (PostgreSQL: 300 against 20 ms for a year at a million tickets).
  alone: {
    from: `(SELECT r.rating, r.created_at, 1 AS of_ticket FROM satisfaction_ratings r
        WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = r.ticket_id AND (${NOT_LIVE_TICKET}))
      UNION ALL
      SELECT cr.rating, cr.created_at, 0 AS of_ticket FROM chat_ratings cr JOIN chats c ON c.id = cr.chat_id
        WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = c.ticket_id AND (${NOT_LIVE_TICKET}))) r`,
    needs: ['company', 'technician', 'priority', 'type'],
  },
};

const RATING_AGGREGATES: Aggregates = {
  ratings: 'count(*)',
  ticketRatings: 'SUM(r.of_ticket)',
  ratingSum: 'SUM(r.rating)',
  ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`rating${n}`, `SUM(CASE WHEN r.rating = ${n} THEN 1 ELSE 0 END)`])),
};

/**
 * The figures per group, and the totals as the groups' sums (every rating and every resolution of the
 * range is in one group: the periods cover the range, a rating without a technician is in "none"), so
 * the facts are read once.
 */
async function figures(ctx: ReportContext) {
  const answers = await Promise.all([counts(ctx, ratings, RATING_AGGREGATES, false), resolvedCounts(ctx)]);
  const row = ([r, res]: readonly [Grouped, Grouped], id: string) => {
    const n = countOf(r, id, 'ratings');
    const resolved = countOf(res, id, 'resolved');
    return {
      ratings: n,
      average: ratio(countOf(r, id, 'ratingSum'), n),
      rating1: countOf(r, id, 'rating1'),
      rating2: countOf(r, id, 'rating2'),
      rating3: countOf(r, id, 'rating3'),
      rating4: countOf(r, id, 'rating4'),
      rating5: countOf(r, id, 'rating5'),
      resolved,
      // Ratings per resolved ticket: the tickets' own ratings only.
      responseRate: ratio(countOf(r, id, 'ticketRatings'), resolved),
    };
  };
  return {
    answers,
    row: (id: string) => row(answers, id),
    total: () => row([summed(answers[0]), summed(answers[1])], '0'),
  };
}

async function sentiment(ctx: ReportContext) {
  const rows = await ctx.read(sql<{ sentiment: string; n: number }>`
    SELECT f.sentiment AS sentiment, count(*) AS n FROM ticket_facts f
    WHERE ${rangeWhere(ctx, created)} AND f.sentiment IS NOT NULL GROUP BY f.sentiment`);
  const of = (s: string) => Number(rows.find((r) => r.sentiment === s)?.n ?? 0);
  return { sentimentPositive: of('positive'), sentimentNeutral: of('neutral'), sentimentNegative: of('negative') };
}

/** How many of the lowest ratings the report lists. */
const LOWEST = 5;

/**
 * The five lowest ratings of the range (latest first among equals): the latest five of each rating
 * value, each read from the index on (rating, created_at) from the range's end, then the first five
 * of those. One index range per value whatever the database knows of its tables' statistics.
 */
async function lowest(ctx: ReportContext) {
  const where = rangeWhere(ctx, ticketRatings);
  const perRating = [1, 2, 3, 4, 5].map(
    (rating) => sql`SELECT * FROM (SELECT t.id, t.title, r.rating, r.comment, r.created_at AS at
      FROM satisfaction_ratings r JOIN tickets t ON t.id = r.ticket_id
      WHERE r.rating = ${sql.lit(rating)} AND ${where}
      ORDER BY r.created_at DESC, r.ticket_id DESC LIMIT ${sql.lit(LOWEST)}) l${sql.raw(String(rating))}`,
  );
  const rows = await ctx.read(sql<{ id: number; title: string; rating: number; comment: string | null; at: number }>`
    SELECT * FROM (${sql.join(perRating, sql` UNION ALL `)}) lowest
    ORDER BY rating, at DESC, id DESC LIMIT ${sql.lit(LOWEST)}`);
  return rows.map((r) => ({
    ticketId: Number(r.id),
    title: r.title,
    rating: Number(r.rating),
    comment: r.comment,
    ratedAt: iso(Number(r.at)),
  }));
}

export async function satisfactionReport(store: Store, actor: Actor, raw: unknown): Promise<SatisfactionReport> {
  const ctx = await reportContext(store, actor, 'satisfaction', raw, 'day');
  const [grouped, mix, low] = await Promise.all([figures(ctx), sentiment(ctx), lowest(ctx)]);
  const keys = await rowKeys(ctx, grouped.answers);
  return {
    ...rangeOf(ctx),
    totals: { ...grouped.total(), ...mix },
    rows: keys.map(({ id, ...k }) => ({ ...k, ...grouped.row(id) })),
    lowest: low,
  };
}
