/**
 * Reading time entries: the query that joins an entry to its ticket, company and technicians, the
 * API's entry object, totals added up row by row, and how an entry reads in the activity log.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import { formatDuration } from '../../../core/duration.js';
import { amountCents, centsToAmount, type EntrySource } from '../../../core/time-entries.js';
import { addToTotals, type TotalsCents } from '../../../core/time-reports.js';
import type { TimeEntry } from '../../../core/time-schemas.js';

type Db = Kysely<Database>;

/** An ISO time from a request as epoch milliseconds. */
export function ms(isoTime: string | undefined): number | undefined {
  return isoTime === undefined ? undefined : Date.parse(isoTime);
}

/** How an entry reads in the activity log: `entry 5: 1h30m billable, Sam Tech, 2026-01-05T09:00:00.000Z`. */
export function describe(e: TimeEntry): string {
  const rate = e.rate === null ? '' : ` at ${e.rate.toFixed(2)}/h`;
  return `entry ${e.id}: ${formatDuration(e.durationMs)} ${e.billable ? 'billable' : 'non-billable'}${rate}, ${e.technician.name}, ${e.startedAt}`;
}

/** Entries joined to their ticket, company, technician and creator. */
export function entryQuery(db: Db) {
  return db
    .selectFrom('time_entries')
    .innerJoin('tickets', 'tickets.id', 'time_entries.ticket_id')
    .innerJoin('companies', 'companies.id', 'tickets.company_id')
    .innerJoin('technicians as tech', 'tech.id', 'time_entries.technician_id')
    .innerJoin('technicians as creator', 'creator.id', 'time_entries.created_by_id')
    .select([
      'time_entries.id',
      'time_entries.ticket_id',
      'time_entries.technician_id',
      'time_entries.started_at',
      'time_entries.ended_at',
      'time_entries.duration_ms',
      'time_entries.rate_cents',
      'time_entries.billable',
      'time_entries.note',
      'time_entries.source',
      'time_entries.created_by_id',
      'time_entries.created_at',
      'time_entries.updated_at',
      'tickets.title as ticket_title',
      'tickets.company_id',
      'companies.name as company_name',
      'tech.name as technician_name',
      'creator.name as creator_name',
    ]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>['executeTakeFirstOrThrow']>>;

export function entryView(r: EntryRow): TimeEntry {
  const billable = r.billable === 1;
  return {
    id: r.id,
    ticket: { id: r.ticket_id, title: r.ticket_title },
    company: { id: r.company_id, name: r.company_name },
    technician: { id: r.technician_id, name: r.technician_name },
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    durationMs: r.duration_ms,
    rate: r.rate_cents === null ? null : centsToAmount(r.rate_cents),
    billable,
    amount: centsToAmount(amountCents(r.rate_cents, r.duration_ms, billable)),
    note: r.note,
    source: r.source as EntrySource,
    createdBy: { id: r.created_by_id, name: r.creator_name },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function entryById(db: Db, id: number): Promise<TimeEntry | undefined> {
  const row = await entryQuery(db).where('time_entries.id', '=', id).executeTakeFirst();
  return row ? entryView(row) : undefined;
}

/** Adds one entry row to running totals. */
export function addRow(
  t: TotalsCents,
  r: { duration_ms: number; billable: number; rate_cents: number | null },
): TotalsCents {
  return addToTotals(t, { durationMs: r.duration_ms, billable: r.billable === 1, rateCents: r.rate_cents });
}
