/**
 * Time tracking (DESIGN §2.2): one timer per technician kept on the server
 * (start, pause, resume, stop — stop writes an entry), manual entries, edits,
 * deletes, lists and reports. Every entry change goes to the ticket's activity
 * log; timer and entry changes are events on the stream, scoped to the
 * ticket's company and addressed to the technician.
 *
 * A timer row carries a version: every change updates or deletes it only at
 * the version it read, and a write that lost a race is retried, so two
 * concurrent requests never leave two timers or write one entry twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Store, WriteScope } from '../store/store.js';
import type { Actor } from './actor.js';
import { scopeOf } from './access.js';
import { settingValue } from './settings.js';
import { iso } from './time.js';
import { isUniqueViolation } from '../store/errors.js';
import { recordActivity } from './activity.js';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.js';
import { formatDuration, parseDuration } from '../../core/duration.js';
import {
  DEFAULT_ENTRY_MS,
  ENTRY_FORCE_MS,
  ENTRY_MAX_MS,
  addToTotals,
  amountCents,
  centsToAmount,
  checkDuration,
  createTimeEntryInput,
  dayKey,
  emptyTotals,
  isTimeZone,
  listTimeEntriesQuery,
  pauseTimer,
  rateToCents,
  resolveEditSpan,
  resolveNewSpan,
  resumeTimer,
  startTimer as newTimer,
  startTimerInput,
  stopTimerInput,
  timeReportQuery,
  timerElapsed,
  timerSpan,
  timerState,
  totalsView,
  updateTimeEntryInput,
  type EntrySource,
  type Segment,
  type Stopped,
  type TicketTime,
  type TimeEntry,
  type TimeEntryPage,
  type TimeReport,
  type Timer,
  type TimerAction,
  type TimerData,
  type TimerStatus,
  type TotalsCents,
} from '../../core/time.js';

type Db = Kysely<Database>;

// ---------- shared helpers

/** A lost race on a timer row; the whole write is retried. */
class StaleTimer extends Error {}

async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const retry = err instanceof StaleTimer || isUniqueViolation(err);
      if (!retry || attempt >= 10) {
        if (err instanceof StaleTimer) throw conflict('the timer changed at the same time; try again');
        throw err;
      }
    }
  }
}

interface TicketBrief {
  readonly id: number;
  readonly title: string;
  readonly company_id: number;
}

/** A ticket time can be booked on: it exists and the actor sees it; otherwise invalid input (exit 5). */
async function ticketForTime(db: Db, actor: Actor, ticketId: number, field = 'ticketId'): Promise<TicketBrief> {
  const row = await db
    .selectFrom('tickets')
    .select(['id', 'title', 'company_id'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  const scope = await scopeOf(db, actor);
  if (!row || !(scope.all || scope.companyIds.has(row.company_id))) {
    throw invalid(`ticket ${ticketId} does not exist`, field);
  }
  return row;
}

function ms(isoTime: string | undefined): number | undefined {
  return isoTime === undefined ? undefined : Date.parse(isoTime);
}

async function defaultDurationMs(db: Db): Promise<number> {
  const value = await settingValue(db, 'time.default-duration');
  const parsed = value === null ? undefined : parseDuration(value);
  return parsed !== undefined && parsed > 0 ? parsed : DEFAULT_ENTRY_MS;
}

async function defaultRateCents(db: Db): Promise<number | null> {
  const value = await settingValue(db, 'time.default-rate');
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : null;
}

/** The rate a write asks for, in cents: undefined → the default setting; null → none. */
async function rateFor(db: Db, rate: number | null | undefined): Promise<number | null> {
  if (rate === undefined) return defaultRateCents(db);
  return rate === null ? null : rateToCents(rate);
}

/** How an entry reads in the activity log: `entry 5: 1h30m billable, Sam Tech, 2026-01-05T09:00:00.000Z`. */
function describe(e: TimeEntry): string {
  const rate = e.rate === null ? '' : ` at ${e.rate.toFixed(2)}/h`;
  return `entry ${e.id}: ${formatDuration(e.durationMs)} ${e.billable ? 'billable' : 'non-billable'}${rate}, ${e.technician.name}, ${e.startedAt}`;
}

// ---------- entries: reading

function entryQuery(db: Db) {
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

function entryView(r: EntryRow): TimeEntry {
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

async function entryById(db: Db, id: number): Promise<TimeEntry | undefined> {
  const row = await entryQuery(db).where('time_entries.id', '=', id).executeTakeFirst();
  return row ? entryView(row) : undefined;
}

function addRow(t: TotalsCents, r: { duration_ms: number; billable: number; rate_cents: number | null }): TotalsCents {
  return addToTotals(t, { durationMs: r.duration_ms, billable: r.billable === 1, rateCents: r.rate_cents });
}

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

interface Filters {
  readonly ticket?: number | undefined;
  readonly technician?: 'me' | number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly billable?: boolean | undefined;
}

async function filtered(db: Db, actor: Actor, f: Filters) {
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

function encodeCursor(startedAt: number, id: number): string {
  return Buffer.from(`time:${startedAt}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: number; id: number } {
  const [kind, a, b] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const startedAt = Number(a);
  const id = Number(b);
  if (kind !== 'time' || !Number.isSafeInteger(startedAt) || !Number.isSafeInteger(id)) {
    throw invalid('invalid cursor', 'cursor');
  }
  return { startedAt, id };
}

/** Entries the actor may see, newest first, one page at a time, with totals of every matching entry. */
export async function listEntries(db: Db, actor: Actor, raw: unknown): Promise<TimeEntryPage> {
  const query = listTimeEntriesQuery.parse(raw);
  const base = await filtered(db, actor, query);
  let q = base;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, or, and }) =>
      or([
        eb('time_entries.started_at', '<', after.startedAt),
        and([eb('time_entries.started_at', '=', after.startedAt), eb('time_entries.id', '<', after.id)]),
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
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.started_at, last.id) : null,
  };
}

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

// ---------- entries: writing

interface NewEntry {
  readonly ticket: TicketBrief;
  readonly technicianId: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  readonly rateCents: number | null;
  readonly billable: boolean;
  readonly note: string | null;
  readonly source: EntrySource;
  readonly clientId: string | null;
}

async function insertEntry(scope: WriteScope, actor: Actor, e: NewEntry): Promise<TimeEntry> {
  const { trx, now, emit } = scope;
  const row = await trx
    .insertInto('time_entries')
    .values({
      ticket_id: e.ticket.id,
      technician_id: e.technicianId,
      started_at: e.startedAt,
      ended_at: e.endedAt,
      duration_ms: e.durationMs,
      rate_cents: e.rateCents,
      billable: e.billable ? 1 : 0,
      note: e.note,
      source: e.source,
      created_by_id: actor.id,
      client_id: e.clientId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const entry = (await entryById(trx, row.id))!;
  await recordActivity(scope, actor, e.ticket.id, 'time', null, describe(entry));
  emit({ type: 'time.entry.created', companyId: e.ticket.company_id, technicianId: e.technicianId, data: { entry } });
  return entry;
}

function cleanNote(note: string | null | undefined): string | null | undefined {
  if (note === undefined || note === null) return note;
  return note.length === 0 ? null : note;
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

async function checkTechnician(db: Db, actor: Actor, technicianId: number): Promise<void> {
  if (technicianId === actor.id) return;
  if (!actor.admin) throw forbidden('only an admin can record or move time for another technician');
  const tech = await db.selectFrom('technicians').select('id').where('id', '=', technicianId).executeTakeFirst();
  if (!tech) throw invalid(`technician ${technicianId} does not exist`, 'technicianId');
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
      await checkTechnician(trx, actor, technicianId);
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
    if (input.technicianId !== undefined && input.technicianId !== row.technician_id) {
      await checkTechnician(trx, actor, input.technicianId);
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
      technician_id: input.technicianId ?? row.technician_id,
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

// ---------- the timer

type TimerRow = Awaited<ReturnType<typeof loadTimer>>;

function loadTimer(db: Db, technicianId: number) {
  return db
    .selectFrom('time_timers')
    .innerJoin('tickets', 'tickets.id', 'time_timers.ticket_id')
    .innerJoin('companies', 'companies.id', 'tickets.company_id')
    .innerJoin('technicians', 'technicians.id', 'time_timers.technician_id')
    .select([
      'time_timers.technician_id',
      'time_timers.ticket_id',
      'time_timers.started_at',
      'time_timers.running_since',
      'time_timers.accumulated_ms',
      'time_timers.segments',
      'time_timers.version',
      'tickets.title as ticket_title',
      'tickets.company_id',
      'companies.name as company_name',
      'technicians.name as technician_name',
    ])
    .where('time_timers.technician_id', '=', technicianId)
    .executeTakeFirst();
}

function timerData(r: NonNullable<TimerRow>): TimerData {
  const segments = (JSON.parse(r.segments) as Array<[number, number | null]>).map(([start, end]): Segment => ({
    start,
    end,
  }));
  return {
    ticketId: r.ticket_id,
    startedAt: r.started_at,
    runningSince: r.running_since,
    accumulatedMs: r.accumulated_ms,
    segments,
  };
}

function timerView(r: NonNullable<TimerRow>, data: TimerData, now: number): Timer {
  return {
    technician: { id: r.technician_id, name: r.technician_name },
    ticket: { id: r.ticket_id, title: r.ticket_title },
    company: { id: r.company_id, name: r.company_name },
    state: timerState(data),
    startedAt: iso(data.startedAt),
    runningSince: data.runningSince === null ? null : iso(data.runningSince),
    accumulatedMs: data.accumulatedMs,
    elapsedMs: timerElapsed(data, now),
    segments: data.segments.map((s) => ({ start: iso(s.start), end: s.end === null ? null : iso(s.end) })),
  };
}

function segmentsText(data: TimerData): string {
  return JSON.stringify(data.segments.map((s) => [s.start, s.end]));
}

async function insertTimer(scope: WriteScope, technicianId: number, data: TimerData): Promise<void> {
  await scope.trx
    .insertInto('time_timers')
    .values({
      technician_id: technicianId,
      ticket_id: data.ticketId,
      started_at: data.startedAt,
      running_since: data.runningSince,
      accumulated_ms: data.accumulatedMs,
      segments: segmentsText(data),
      version: 1,
      updated_at: scope.now,
    })
    .execute();
}

async function updateTimer(scope: WriteScope, row: NonNullable<TimerRow>, data: TimerData): Promise<void> {
  const res = await scope.trx
    .updateTable('time_timers')
    .set({
      ticket_id: data.ticketId,
      running_since: data.runningSince,
      accumulated_ms: data.accumulatedMs,
      segments: segmentsText(data),
      version: row.version + 1,
      updated_at: scope.now,
    })
    .where('technician_id', '=', row.technician_id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new StaleTimer();
}

async function deleteTimer(scope: WriteScope, row: NonNullable<TimerRow>): Promise<void> {
  const res = await scope.trx
    .deleteFrom('time_timers')
    .where('technician_id', '=', row.technician_id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) !== 1) throw new StaleTimer();
}

function emitTimer(scope: WriteScope, type: string, r: NonNullable<TimerRow>, timer: Timer | null, extra = {}) {
  scope.emit({
    type,
    companyId: r.company_id,
    technicianId: r.technician_id,
    data: { technicianId: r.technician_id, ticketId: r.ticket_id, timer, ...extra },
  });
}

interface StopOptions {
  readonly note?: string | undefined;
  readonly billable?: boolean | undefined;
  readonly rateCents?: number | null | undefined;
  readonly force: boolean;
  /** Stop without writing an entry. */
  readonly discard?: boolean | undefined;
}

/** Stops a timer inside a write: writes its entry (when any time ran) and removes it. */
async function finishTimer(
  scope: WriteScope,
  actor: Actor,
  row: NonNullable<TimerRow>,
  opts: StopOptions,
): Promise<Stopped> {
  const { trx, now } = scope;
  const data = timerData(row);
  const span = timerSpan(data, now);
  const ticket: TicketBrief = { id: row.ticket_id, title: row.ticket_title, company_id: row.company_id };
  let entry: TimeEntry | null = null;
  if (span.durationMs > 0 && !opts.discard) {
    if (span.durationMs > ENTRY_FORCE_MS && !opts.force) {
      throw invalid(
        `the timer on ticket #${row.ticket_id} has run ${formatDuration(span.durationMs)}, over 24 hours; ` +
          'stop it with --force to record that, or with --discard and add the right time by hand',
        'force',
      );
    }
    if (span.durationMs > ENTRY_MAX_MS) {
      throw invalid(
        `the timer on ticket #${row.ticket_id} has run ${formatDuration(span.durationMs)}, longer than one entry may be; ` +
          'stop it with --discard and add the right time by hand',
        'discard',
      );
    }
    entry = await insertEntry(scope, actor, {
      ticket,
      technicianId: row.technician_id,
      ...span,
      rateCents: opts.rateCents === undefined ? await defaultRateCents(trx) : opts.rateCents,
      billable: opts.billable ?? true,
      note: cleanNote(opts.note) ?? null,
      source: 'timer',
      clientId: null,
    });
  }
  await deleteTimer(scope, row);
  emitTimer(scope, 'time.timer.stopped', row, null, {
    durationMs: span.durationMs,
    entryId: entry?.id ?? null,
    discarded: opts.discard === true,
  });
  return {
    ticket: { id: ticket.id, title: ticket.title },
    durationMs: span.durationMs,
    entry,
    discarded: opts.discard === true,
  };
}

/** The actor's timer, or null. */
export async function timerStatus(store: Store, actor: Actor): Promise<TimerStatus> {
  const now = store.now();
  const row = await loadTimer(store.db, actor.id);
  return { timer: row ? timerView(row, timerData(row), now) : null, now: iso(now) };
}

/**
 * Starts the actor's timer on a ticket. On the same ticket a paused timer
 * resumes and a running one is left alone; on another ticket the running one
 * is stopped first (writing its entry) and reported in `stopped`.
 */
export async function startTimer(store: Store, actor: Actor, raw: unknown): Promise<TimerAction> {
  const input = startTimerInput.parse(raw);
  return retrying(() =>
    store.write(async (scope) => {
      const { trx, now } = scope;
      const ticket = await ticketForTime(trx, actor, input.ticketId);
      const current = await loadTimer(trx, actor.id);
      let stopped: Stopped | null = null;
      if (current) {
        const data = timerData(current);
        if (data.ticketId === ticket.id) {
          if (data.runningSince !== null) {
            return { timer: timerView(current, data, now), stopped: null, unchanged: true };
          }
          const resumed = resumeTimer(data, now);
          await updateTimer(scope, current, resumed);
          const timer = timerView(current, resumed, now);
          emitTimer(scope, 'time.timer.resumed', current, timer);
          return { timer, stopped: null, unchanged: false };
        }
        stopped = await finishTimer(scope, actor, current, { force: input.force });
      }
      const data = newTimer(ticket.id, now);
      await insertTimer(scope, actor.id, data);
      const row = (await loadTimer(trx, actor.id))!;
      const timer = timerView(row, data, now);
      emitTimer(scope, 'time.timer.started', row, timer, stopped ? { stoppedTicketId: stopped.ticket.id } : {});
      return { timer, stopped, unchanged: false };
    }),
  );
}

async function changeTimer(store: Store, actor: Actor, action: 'pause' | 'resume'): Promise<TimerAction> {
  return retrying(() =>
    store.write(async (scope) => {
      const { trx, now } = scope;
      const current = await loadTimer(trx, actor.id);
      if (!current) throw conflict(`no timer to ${action}; start one with \`desk time start TICKET\``);
      const data = timerData(current);
      const next = action === 'pause' ? pauseTimer(data, now) : resumeTimer(data, now);
      if (next === data) return { timer: timerView(current, data, now), stopped: null, unchanged: true };
      await updateTimer(scope, current, next);
      const timer = timerView(current, next, now);
      emitTimer(scope, action === 'pause' ? 'time.timer.paused' : 'time.timer.resumed', current, timer);
      return { timer, stopped: null, unchanged: false };
    }),
  );
}

export const pauseTimerOf = (store: Store, actor: Actor) => changeTimer(store, actor, 'pause');
export const resumeTimerOf = (store: Store, actor: Actor) => changeTimer(store, actor, 'resume');

/** Stops the actor's timer and writes an entry with the accumulated time. */
export async function stopTimer(store: Store, actor: Actor, raw: unknown): Promise<TimerAction> {
  const input = stopTimerInput.parse(raw);
  const rateCents = input.rate === undefined ? undefined : input.rate === null ? null : rateToCents(input.rate);
  return retrying(() =>
    store.write(async (scope) => {
      const current = await loadTimer(scope.trx, actor.id);
      if (!current) throw conflict('no timer to stop; start one with `desk time start TICKET`');
      const stopped = await finishTimer(scope, actor, current, {
        note: input.note,
        billable: input.billable,
        rateCents,
        force: input.force,
        discard: input.discard,
      });
      return { timer: null, stopped, unchanged: false };
    }),
  );
}
