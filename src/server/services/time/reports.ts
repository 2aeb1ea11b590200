/** The time report: totals per ticket, technician and day (in a time zone), billable and not, with amounts. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { invalid } from '../../../core/errors.js';
import { dayKey, emptyTotals, isTimeZone, totalsView, type TotalsCents } from '../../../core/time-reports.js';
import { timeReportQuery, type TimeReport } from '../../../core/time-schemas.js';
import { addRow } from './entry-views.js';
import { filtered } from './entries.js';

type Db = Kysely<Database>;

/** Totals per ticket, technician and day (in `tz`), billable and not, with amounts. */
export async function timeReport(db: Db, actor: Actor, raw: unknown): Promise<TimeReport> {
  const query = timeReportQuery.parse(raw);
  if (!isTimeZone(query.tz)) throw invalid(`unknown time zone "${query.tz}"`, 'tz');
  const rows = await (
    await filtered(db, actor, query)
  )
    .orderBy('time_entries.started_at')
    .orderBy('time_entries.id')
    .execute();
  const total = emptyTotals();
  const byTicket = new Map<
    number,
    { ticket: { id: number; title: string }; company: { id: number; name: string }; t: TotalsCents }
  >();
  const byTech = new Map<number, { technician: { id: number; name: string }; t: TotalsCents }>();
  const byDay = new Map<string, TotalsCents>();
  for (const r of rows) {
    addRow(total, r);
    let tk = byTicket.get(r.ticket_id);
    if (!tk) {
      tk = {
        ticket: { id: r.ticket_id, title: r.ticket_title },
        company: { id: r.company_id, name: r.company_name },
        t: emptyTotals(),
      };
      byTicket.set(r.ticket_id, tk);
    }
    addRow(tk.t, r);
    let th = byTech.get(r.technician_id);
    if (!th) {
      th = { technician: { id: r.technician_id, name: r.technician_name }, t: emptyTotals() };
      byTech.set(r.technician_id, th);
    }
    addRow(th.t, r);
    const day = dayKey(r.started_at, query.tz);
    byDay.set(day, addRow(byDay.get(day) ?? emptyTotals(), r));
  }
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    tz: query.tz,
    totals: totalsView(total),
    byTicket: [...byTicket.values()]
      .sort((a, b) => a.ticket.id - b.ticket.id)
      .map((x) => ({ ticket: x.ticket, company: x.company, ...totalsView(x.t) })),
    byTechnician: [...byTech.values()]
      .sort((a, b) => a.technician.id - b.technician.id)
      .map((x) => ({ technician: x.technician, ...totalsView(x.t) })),
    byDay: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, t]) => ({ day, ...totalsView(t) })),
  };
}
