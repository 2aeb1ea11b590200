/**
 * Recording a time entry: the ticket it is booked on (visible to the actor), the technician it
 * belongs to (another one only for an admin), the default duration and rate settings, and the
 * insert with its activity line and event. Used by manual entries and by the timer.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { scopeOf } from '../access.js';
import { settingValue } from '../settings.js';
import { recordActivity } from '../tickets/activity.js';
import { forbidden, invalid, notFound } from '../../../core/errors.js';
import { parseDuration } from '../../../core/duration.js';
import { DEFAULT_ENTRY_MS, rateToCents, type EntrySource } from '../../../core/time-entries.js';
import type { TimeEntry } from '../../../core/time-schemas.js';
import { describe, entryById } from './entry-views.js';

type Db = Kysely<Database>;

export interface TicketBrief {
  readonly id: number;
  readonly title: string;
  readonly company_id: number;
}

/**
 * A ticket time can be booked on: it exists and the actor sees it; otherwise not found (exit 3), as
 * every other command answers for a ticket the technician may not see.
 */
export async function ticketForTime(db: Db, actor: Actor, ticketId: number): Promise<TicketBrief> {
  const row = await db
    .selectFrom('tickets')
    .select(['id', 'title', 'company_id'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  const scope = await scopeOf(db, actor);
  if (!row || !(scope.all || scope.companyIds.has(row.company_id))) {
    throw notFound(`ticket ${ticketId}`);
  }
  return row;
}

/** The `time.default-duration` setting, for an entry given no span. */
export async function defaultDurationMs(db: Db): Promise<number> {
  const value = await settingValue(db, 'time.default-duration');
  const parsed = value === null ? undefined : parseDuration(value);
  return parsed !== undefined && parsed > 0 ? parsed : DEFAULT_ENTRY_MS;
}

/** The `time.default-rate` setting in cents, or null. */
export async function defaultRateCents(db: Db): Promise<number | null> {
  const value = await settingValue(db, 'time.default-rate');
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : null;
}

/** The rate a write asks for, in cents: undefined → the default setting; null → none. */
export async function rateFor(db: Db, rate: number | null | undefined): Promise<number | null> {
  if (rate === undefined) return defaultRateCents(db);
  return rate === null ? null : rateToCents(rate);
}

export interface NewEntry {
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

/** Inserts an entry, with its activity line and `time.entry.created` event. */
export async function insertEntry(scope: WriteScope, actor: Actor, e: NewEntry): Promise<TimeEntry> {
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

/** An empty note is no note. */
export function cleanNote(note: string | null | undefined): string | null | undefined {
  if (note === undefined || note === null) return note;
  return note.length === 0 ? null : note;
}

/** Only an admin books time for another technician, who must exist and see the ticket's company. */
export async function checkTechnician(db: Db, actor: Actor, technicianId: number, ticket: TicketBrief): Promise<void> {
  if (technicianId === actor.id) return;
  if (!actor.admin) throw forbidden('only an admin can record or move time for another technician');
  const tech = await db
    .selectFrom('technicians')
    .select(['id', 'is_admin'])
    .where('id', '=', technicianId)
    .executeTakeFirst();
  if (!tech) throw invalid(`technician ${technicianId} does not exist`, 'technicianId');
  // Their entry would show them (on their event stream too) a ticket they may not see.
  const granted =
    tech.is_admin === 1 ||
    (await db
      .selectFrom('grants')
      .select('company_id')
      .where('technician_id', '=', technicianId)
      .where('company_id', '=', ticket.company_id)
      .executeTakeFirst()) !== undefined;
  if (!granted) {
    throw invalid(
      `technician ${technicianId} may not see the company of ticket ${ticket.id}; grant it to them first`,
      'technicianId',
    );
  }
}
