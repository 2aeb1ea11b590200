/**
 * Time entries a technician reads (a ticket's time with totals, one entry, a filtered list a page at
 * a time) and changes (add by hand, edit, delete, move a ticket's time for a merge). Every change
 * goes to the ticket's activity log and is an event on the stream.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { scopeOf } from '../access.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { isUniqueViolation } from '../../store/errors.js';
import { recordActivity } from '../tickets/activity.js';
import { forbidden, invalid, notFound } from '../../../core/errors.js';
import { checkDuration, rateToCents, resolveEditSpan, resolveNewSpan } from '../../../core/time-entries.js';
import { emptyTotals, totalsView } from '../../../core/time-reports.js';
import {
  createTimeEntryInput,
  listTimeEntriesQuery,
  updateTimeEntryInput,
  type TicketTime,
  type TimeEntry,
  type TimeEntryPage,
} from '../../../core/time-schemas.js';
import { addRow, describe, entryById, entryQuery, entryView, ms } from './entry-views.js';
import { checkTechnician, cleanNote, defaultDurationMs, insertEntry, rateFor, ticketForTime } from './recording.js';

type Db = Kysely<Database>;

/** A ticket's entries (oldest first) and totals, for the ticket's detail. The caller has checked visibility. */
export async function ticketTime(db: Db, ticketId: number): Promise<TicketTime> {
  const rows = await entryQuery(db)
    .where('time_entries.ticket_id', '=', ticketId)
    .orderBy('time_entries.started_at')
    .orderBy('time_entries.id')
    .execute();
  const totals = rows.reduce(addRow, emptyTotals());
  return { entries: rows.map(entryView), totals: totalsView(totals) };
}

/** One entry the actor may see, or not found. */
export async function getEntry(db: Db, actor: Actor, id: number): Promise<TimeEntry> {
  const entry = await entryById(db, id);
  const scope = await scopeOf(db, actor);
  if (!entry || !(scope.all || scope.companyIds.has(entry.company.id))) throw notFound(`time entry ${id}`);
  return entry;
}

export interface Filters {
  readonly ticket?: number | undefined;
  readonly technician?: 'me' | number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly billable?: boolean | undefined;
}

/** Entries the actor may see that match the filters (a list's or a report's). */
export async function filtered(db: Db, actor: Actor, f: Filters) {
  const scope = await scopeOf(db, actor);
  let q = entryQuery(db);
  if (!scope.all) q = q.where('tickets.company_id', 'in', [0, ...scope.companyIds]);
  if (f.ticket !== undefined) q = q.where('time_entries.ticket_id', '=', f.ticket);
  if (f.technician !== undefined) {
    q = q.where('time_entries.technician_id', '=', f.technician === 'me' ? actor.id : f.technician);
  }
  const from = ms(f.from);
  const to = ms(f.to);
  if (from !== undefined && to !== undefined && to <= from) throw invalid('--to must be after --from', 'to');
  if (from !== undefined) q = q.where('time_entries.started_at', '>=', from);
  if (to !== undefined) q = q.where('time_entries.started_at', '<', to);
  if (f.billable !== undefined) q = q.where('time_entries.billable', '=', f.billable ? 1 : 0);
  return q;
}

/** Entries the actor may see, newest first, one page at a time, with totals of every matching entry. */
export async function listEntries(db: Db, actor: Actor, raw: unknown): Promise<TimeEntryPage> {
  const query = listTimeEntriesQuery.parse(raw);
  const base = await filtered(db, actor, query);
  let q = base;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, 'time');
    q = q.where(({ eb, or, and }) =>
      or([
        eb('time_entries.started_at', '<', after.key),
        and([eb('time_entries.started_at', '=', after.key), eb('time_entries.id', '<', after.id)]),
      ]),
    );
  }
  const [rows, all] = await Promise.all([
    q
      .orderBy('time_entries.started_at', 'desc')
      .orderBy('time_entries.id', 'desc')
      .limit(query.limit + 1)
      .execute(),
    base.execute(),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(entryView),
    totals: totalsView(all.reduce(addRow, emptyTotals())),
    nextCursor: rows.length > query.limit && last ? encodeCursor('time', { key: last.started_at, id: last.id }) : null,
  };
}

async function findByClientId(db: Db, actor: Actor, clientId: string): Promise<TimeEntry | undefined> {
  const row = await db
    .selectFrom('time_entries')
    .select('id')
    .where('created_by_id', '=', actor.id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? entryById(db, row.id) : undefined;
}

/** Adds a manual entry; a repeated clientId answers with the original. */
export async function createEntry(store: Store, actor: Actor, raw: unknown): Promise<TimeEntry> {
  const input = createTimeEntryInput.parse(raw);
  const technicianId = input.technicianId ?? actor.id;
  if (technicianId !== actor.id && !actor.admin) {
    throw forbidden('only an admin can record time for another technician');
  }
  if (input.clientId) {
    const existing = await findByClientId(store.db, actor, input.clientId);
    if (existing) return existing;
  }
  try {
    return await store.write(async (scope) => {
      const { trx, now } = scope;
      const ticket = await ticketForTime(trx, actor, input.ticketId);
      await checkTechnician(trx, actor, technicianId, ticket);
      const span = resolveNewSpan(
        { startedAt: ms(input.startedAt), endedAt: ms(input.endedAt), durationMs: input.durationMs },
        now,
        await defaultDurationMs(trx),
      );
      checkDuration(span.durationMs, input.force);
      return insertEntry(scope, actor, {
        ticket,
        technicianId,
        ...span,
        rateCents: await rateFor(trx, input.rate),
        billable: input.billable,
        note: cleanNote(input.note) ?? null,
        source: 'manual',
        clientId: input.clientId ?? null,
      });
    });
  } catch (err) {
    if (input.clientId && isUniqueViolation(err)) {
      const existing = await findByClientId(store.db, actor, input.clientId);
      if (existing) return existing;
    }
    throw err;
  }
}

/** Loads an entry for a change: not found when invisible, forbidden unless the owner or an admin. */
async function entryForChange(db: Db, actor: Actor, id: number) {
  const row = await db.selectFrom('time_entries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`time entry ${id}`);
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'title', 'company_id'])
    .where('id', '=', row.ticket_id)
    .executeTakeFirstOrThrow();
  const scope = await scopeOf(db, actor);
  if (!(scope.all || scope.companyIds.has(ticket.company_id))) throw notFound(`time entry ${id}`);
  if (row.technician_id !== actor.id && !actor.admin) {
    throw forbidden(`only the technician who owns time entry ${id} or an admin can change it`);
  }
  return { row, ticket };
}

export async function updateEntry(store: Store, actor: Actor, id: number, raw: unknown): Promise<TimeEntry> {
  const input = updateTimeEntryInput.parse(raw);
  const rateCents = input.rate === undefined ? undefined : input.rate === null ? null : rateToCents(input.rate);
  return store.write(async (scope) => {
    const { trx, now, emit } = scope;
    const { row, ticket: oldTicket } = await entryForChange(trx, actor, id);
    const before = (await entryById(trx, id))!;
    const ticket =
      input.ticketId !== undefined && input.ticketId !== row.ticket_id
        ? await ticketForTime(trx, actor, input.ticketId)
        : oldTicket;
    const technicianId = input.technicianId ?? row.technician_id;
    if (technicianId !== row.technician_id || ticket.id !== oldTicket.id) {
      await checkTechnician(trx, actor, technicianId, ticket);
    }
    const spanChanged = input.startedAt !== undefined || input.endedAt !== undefined || input.durationMs !== undefined;
    const span = spanChanged
      ? resolveEditSpan(
          { startedAt: ms(input.startedAt), endedAt: ms(input.endedAt), durationMs: input.durationMs },
          { startedAt: row.started_at, endedAt: row.ended_at, durationMs: row.duration_ms },
        )
      : { startedAt: row.started_at, endedAt: row.ended_at, durationMs: row.duration_ms };
    if (spanChanged) checkDuration(span.durationMs, input.force);
    const next = {
      ticket_id: ticket.id,
      technician_id: technicianId,
      started_at: span.startedAt,
      ended_at: span.endedAt,
      duration_ms: span.durationMs,
      rate_cents: rateCents === undefined ? row.rate_cents : rateCents,
      billable: input.billable === undefined ? row.billable : input.billable ? 1 : 0,
      note: input.note === undefined ? row.note : (cleanNote(input.note) ?? null),
    };
    const changes = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== row[k]);
    if (changes.length === 0) return before;
    await trx
      .updateTable('time_entries')
      .set({ ...next, updated_at: now })
      .where('id', '=', id)
      .execute();
    const entry = (await entryById(trx, id))!;
    if (ticket.id !== oldTicket.id) {
      await recordActivity(scope, actor, oldTicket.id, 'time', describe(before), `moved to ticket #${ticket.id}`);
      await recordActivity(scope, actor, ticket.id, 'time', `moved from ticket #${oldTicket.id}`, describe(entry));
    } else {
      await recordActivity(scope, actor, ticket.id, 'time', describe(before), describe(entry));
    }
    emit({
      type: 'time.entry.updated',
      companyId: ticket.company_id,
      technicianId: entry.technician.id,
      data: { entry, changes, previousTicketId: oldTicket.id },
    });
    return entry;
  });
}

export async function deleteEntry(
  store: Store,
  actor: Actor,
  id: number,
): Promise<{ deleted: number; entry: TimeEntry }> {
  return store.write(async (scope) => {
    const { trx, emit } = scope;
    const { ticket } = await entryForChange(trx, actor, id);
    const entry = (await entryById(trx, id))!;
    await trx.deleteFrom('time_entries').where('id', '=', id).execute();
    await recordActivity(scope, actor, ticket.id, 'time', describe(entry), null);
    emit({
      type: 'time.entry.deleted',
      companyId: ticket.company_id,
      technicianId: entry.technician.id,
      data: { entryId: id, ticketId: ticket.id, entry },
    });
    return { deleted: id, entry };
  });
}

/**
 * Moves every entry and timer of one ticket to another (for a merge), inside
 * the caller's write. Records one activity line on each ticket when anything moved.
 */
export async function moveTicketTime(
  scope: WriteScope,
  actor: Actor,
  fromTicketId: number,
  toTicketId: number,
): Promise<{ entries: number; timers: number }> {
  const { trx, now } = scope;
  const moved = await trx
    .updateTable('time_entries')
    .set({ ticket_id: toTicketId, updated_at: now })
    .where('ticket_id', '=', fromTicketId)
    .executeTakeFirst();
  const timers = await trx
    .updateTable('time_timers')
    .set((eb) => ({ ticket_id: toTicketId, updated_at: now, version: eb('version', '+', 1) }))
    .where('ticket_id', '=', fromTicketId)
    .executeTakeFirst();
  const entries = Number(moved.numUpdatedRows);
  if (entries > 0) {
    await recordActivity(
      scope,
      actor,
      fromTicketId,
      'time',
      `${entries} time entries`,
      `moved to ticket #${toTicketId}`,
    );
    await recordActivity(
      scope,
      actor,
      toTicketId,
      'time',
      `moved from ticket #${fromTicketId}`,
      `${entries} time entries`,
    );
  }
  return { entries, timers: Number(timers.numUpdatedRows) };
}
