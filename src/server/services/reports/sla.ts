/**
 * The SLA report: response and resolution targets met or breached. A target counts as met in the
 * period it was met on time, and as breached in the period its due time passed (met late too).
 */
import { sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import type { SlaReport } from '../../../core/reports.js';
import { SLA_TARGETS } from '../../../core/sla.js';
import { iso } from '../../iso-time.js';
import { LIVE_TICKET, countOf, counts, ratio, rowKeys, scopeCondition, summed, type Grouped } from './grouped-facts.js';
import { rangeOf, reportContext, type ReportContext } from './report-context.js';
import { slaTargetFacts } from './ticket-facts.js';

const FROM = 'ticket_sla s JOIN tickets t ON t.id = s.ticket_id';

/** Targets met and breached per group: response met, response breached, resolution met, resolution breached. */
function figures(ctx: ReportContext): Promise<Grouped[]> {
  return Promise.all(
    SLA_TARGETS.flatMap((target) =>
      (['met', 'breached'] as const).map((what) => counts(ctx, slaTargetFacts(target, what), { n: 'count(*)' }, false)),
    ),
  );
}

/** A group's row; the totals' from the groups' sums (every ticket is in one group). */
function rowOf(answers: Grouped[], id: string) {
  const [responseMet, responseBreached, resolutionMet, resolutionBreached] = answers as [
    Grouped,
    Grouped,
    Grouped,
    Grouped,
  ];
  const f = {
    responseMet: countOf(responseMet, id, 'n'),
    responseBreached: countOf(responseBreached, id, 'n'),
    resolutionMet: countOf(resolutionMet, id, 'n'),
    resolutionBreached: countOf(resolutionBreached, id, 'n'),
  };
  const met = f.responseMet + f.resolutionMet;
  const breached = f.responseBreached + f.resolutionBreached;
  return { met, breached, ...f, metRate: ratio(met, met + breached) };
}

/** The tickets whose targets were breached in the range, latest first (at most 200). */
async function breachedTickets(ctx: ReportContext) {
  const lists = await Promise.all(
    SLA_TARGETS.map(async (target) => {
      const at = `s.${target}_breached_at`;
      const conditions = [sql`${sql.raw(at)} >= ${ctx.start}`, sql`${sql.raw(at)} < ${ctx.end}`, sql.raw(LIVE_TICKET)];
      if (ctx.companyId !== undefined) conditions.push(sql`t.company_id = ${ctx.companyId}`);
      if (!ctx.scope.all) conditions.push(scopeCondition(ctx, 't.company_id'));
      const rows = await ctx.read(sql<{ id: number; title: string; priority: string; company: string; at: number }>`
        SELECT t.id, t.title, t.priority, c.name AS company, ${sql.raw(at)} AS at
        FROM ${sql.raw(FROM)} JOIN companies c ON c.id = t.company_id
        WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${sql.raw(at)} DESC, t.id DESC LIMIT 200`);
      return rows.map((r) => ({
        ticketId: Number(r.id),
        title: r.title,
        priority: r.priority,
        company: r.company,
        target,
        breachedAt: iso(Number(r.at)),
      }));
    }),
  );
  return lists
    .flat()
    .sort((a, b) => b.breachedAt.localeCompare(a.breachedAt) || b.ticketId - a.ticketId)
    .slice(0, 200);
}

export async function slaReport(store: Store, actor: Actor, raw: unknown): Promise<SlaReport> {
  const ctx = await reportContext(store, actor, 'sla', raw, 'priority');
  const answers = await figures(ctx);
  const keys = await rowKeys(ctx, answers);
  return {
    ...rangeOf(ctx),
    totals: rowOf(answers.map(summed), '0'),
    rows: keys.map(({ id, ...k }) => ({ ...k, ...rowOf(answers, id) })),
    ...(ctx.list ? { breached: await breachedTickets(ctx) } : {}),
  };
}
