/**
 * The chats report. A chat belongs to the period it was requested in; offers, transfers and
 * conferences to the period they were made in.
 * - requests: chats customers opened; accepted: of those, the ones a technician took;
 * - abandoned: the customer left (or the request expired) before anyone accepted;
 * - declined: offers a technician declined; rona: offers that timed out (rate: rona / offers);
 * - queue wait: request to acceptance; handle time: acceptance to end; wrap-up reasons (each
 *   technician's, for their part of a chat) with shares.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { ChatsReport } from '../../../core/reports.js';
import { notFound } from '../../../core/errors.js';
import {
  countOf,
  counts,
  measureOf,
  rangeWhere,
  ratio,
  rowKeys,
  summed,
  type Grouped,
  type FactQuery,
  type Facts,
} from './grouped-facts.js';
import { statsWithTotals } from './measure-stats.js';
import { rangeOf, reportContext, type ReportContext } from './report-context.js';

function chatFacts(time: string, technician = 'ch.owner_id'): Facts {
  return { time, technician, company: 'ch.company_id', queue: 'ch.queue_id' };
}

function queries(queueId: number | undefined) {
  const inQueue = queueId === undefined ? '' : ` AND ch.queue_id = ${queueId}`;
  const where = (extra: string) => sql.raw(`1 = 1${inQueue}${extra}`);
  const chats: FactQuery = {
    facts: chatFacts('ch.requested_at'),
    from: 'chats ch',
    where: where(''),
    own: 'ch.owner_id',
  };
  const requests: FactQuery = { ...chats, where: where(" AND ch.initiated_by = 'customer'") };
  return {
    chats,
    requests,
    offers: {
      facts: chatFacts('o.created_at', 'o.technician_id'),
      from: 'chat_offers o JOIN chats ch ON ch.id = o.chat_id',
      where: where(''),
      own: 'o.technician_id',
    } satisfies FactQuery,
    transfers: {
      facts: chatFacts('tr.created_at', 'tr.from_id'),
      from: 'chat_transfers tr JOIN chats ch ON ch.id = tr.chat_id',
      where: where(''),
      own: 'tr.from_id',
    } satisfies FactQuery,
    conferences: {
      facts: chatFacts('cp.created_at', 'cp.technician_id'),
      from: 'chat_participants cp JOIN chats ch ON ch.id = cp.chat_id',
      where: where(" AND cp.role = 'conference'"),
      own: 'cp.technician_id',
    } satisfies FactQuery,
  };
}

/**
 * The figures per group, and the totals: the counts' as the groups' sums (every chat, offer, transfer
 * and conference is in one group), the percentiles' from the same read as the groups'.
 */
async function figures(ctx: ReportContext, q: ReturnType<typeof queries>) {
  const [req, all, off, tr, conf, wait, handle] = await Promise.all([
    counts(
      ctx,
      q.requests,
      {
        requests: 'count(*)',
        accepted: 'SUM(CASE WHEN ch.accepted_at IS NOT NULL THEN 1 ELSE 0 END)',
        abandoned: "SUM(CASE WHEN ch.accepted_at IS NULL AND ch.state IN ('ended', 'expired') THEN 1 ELSE 0 END)",
      },
      false,
    ),
    counts(ctx, q.chats, { toTickets: 'SUM(CASE WHEN ch.ticket_id IS NOT NULL THEN 1 ELSE 0 END)' }, false),
    counts(
      ctx,
      q.offers,
      {
        offers: 'count(*)',
        declined: "SUM(CASE WHEN o.state = 'declined' THEN 1 ELSE 0 END)",
        rona: "SUM(CASE WHEN o.state = 'expired' THEN 1 ELSE 0 END)",
      },
      false,
    ),
    counts(ctx, q.transfers, { transfers: 'count(*)' }, false),
    counts(ctx, q.conferences, { conferences: 'count(*)' }, false),
    statsWithTotals(ctx, q.requests, 'ch.accepted_at - ch.requested_at', 'wait'),
    statsWithTotals(ctx, q.chats, 'ch.ended_at - ch.accepted_at', 'handle'),
  ]);
  const grouped: Answers = [req, all, off, tr, conf, wait.grouped, handle.grouped];
  const total: Answers = [summed(req), summed(all), summed(off), summed(tr), summed(conf), wait.total, handle.total];
  return { answers: grouped, row: (id: string) => row(grouped, id), total: () => row(total, '0') };
}

type Answers = [Grouped, Grouped, Grouped, Grouped, Grouped, Grouped, Grouped];

function row([req, all, off, tr, conf, wait, handle]: Answers, id: string) {
  const offers = countOf(off, id, 'offers');
  const rona = countOf(off, id, 'rona');
  return {
    requests: countOf(req, id, 'requests'),
    accepted: countOf(req, id, 'accepted'),
    abandoned: countOf(req, id, 'abandoned'),
    declined: countOf(off, id, 'declined'),
    offers,
    rona,
    ronaRate: ratio(rona, offers),
    transfers: countOf(tr, id, 'transfers'),
    conferences: countOf(conf, id, 'conferences'),
    toTickets: countOf(all, id, 'toTickets'),
    waitP50Ms: measureOf(wait, id, 'waitP50'),
    waitP90Ms: measureOf(wait, id, 'waitP90'),
    waitMaxMs: measureOf(wait, id, 'waitMax'),
    handleP50Ms: measureOf(handle, id, 'handleP50'),
    handleMeanMs: measureOf(handle, id, 'handleMean'),
  };
}

/**
 * Wrap-up reasons given for the chats requested in the range — one per technician's part of a chat
 * (the end, a transfer, leaving a conference) — most used first, with their share.
 */
async function wrapups(ctx: ReportContext, chats: FactQuery) {
  const parts: FactQuery = {
    ...chats,
    facts: chatFacts('ch.requested_at', 'cp.technician_id'),
    own: 'cp.technician_id',
  };
  const rows = await ctx.read(sql<{ reason: string; n: number }>`
    SELECT cp.wrapup AS reason, count(*) AS n FROM chat_participants cp JOIN chats ch ON ch.id = cp.chat_id
    WHERE ${rangeWhere(ctx, parts)} AND cp.wrapup IS NOT NULL GROUP BY cp.wrapup`);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return rows
    .map((r) => ({ label: r.reason, count: Number(r.n), share: Number(r.n) / total }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export async function chatsReport(store: Store, actor: Actor, raw: unknown): Promise<ChatsReport> {
  const ctx = await reportContext(store, actor, 'chats', raw, 'day');
  let queueId: number | undefined;
  if (ctx.queue !== undefined) {
    const queue = await store.db
      .selectFrom('chat_queues')
      .select('id')
      .where('name', '=', ctx.queue)
      .executeTakeFirst();
    if (!queue) throw notFound(`queue "${ctx.queue}"`);
    queueId = Number(queue.id);
  }
  const q = queries(queueId);
  const [grouped, reasons] = await Promise.all([figures(ctx, q), wrapups(ctx, q.chats)]);
  const keys = await rowKeys(ctx, grouped.answers);
  return {
    ...rangeOf(ctx),
    totals: { ...grouped.total(), wrapups: reasons },
    rows: keys.map(({ id, ...k }) => ({ ...k, ...grouped.row(id) })),
  };
}
