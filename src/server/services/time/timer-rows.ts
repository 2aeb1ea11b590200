/**
 * The timer row, one per technician: load it with its ticket, turn it into the API's timer, and
 * write it. A row carries a version: an update or delete applies only at the version it read, and
 * a write that lost that race throws {@link StaleTimer} so that {@link retrying} runs it again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { iso } from '../../iso-time.js';
import { isUniqueViolation } from '../../store/errors.js';
import { conflict } from '../../../core/errors.js';
import { timerElapsed, timerState, type Segment, type TimerData } from '../../../core/timer.js';
import type { Timer } from '../../../core/time-schemas.js';

type Db = Kysely<Database>;

/** A lost race on a timer row; the whole write is retried. */
export class StaleTimer extends Error {}

/** Runs a write again (up to 10 times) when it lost a race on a timer row or a unique index. */
export async function retrying<T>(fn: () => Promise<T>): Promise<T> {
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

export type TimerRow = NonNullable<Awaited<ReturnType<typeof loadTimer>>>;

/** A technician's timer with its ticket, company and name, if they have one. */
export function loadTimer(db: Db, technicianId: number) {
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

export function timerData(r: TimerRow): TimerData {
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

export function timerView(r: TimerRow, data: TimerData, now: number): Timer {
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

export async function insertTimer(scope: WriteScope, technicianId: number, data: TimerData): Promise<void> {
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

/** Writes the timer at the version read, else {@link StaleTimer}. */
export async function updateTimer(scope: WriteScope, row: TimerRow, data: TimerData): Promise<void> {
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

/** Removes the timer at the version read, else {@link StaleTimer}. */
export async function deleteTimer(scope: WriteScope, row: TimerRow): Promise<void> {
  const res = await scope.trx
    .deleteFrom('time_timers')
    .where('technician_id', '=', row.technician_id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) !== 1) throw new StaleTimer();
}

/** Announces a timer change to its technician (scoped to the ticket's company). */
export function emitTimer(scope: WriteScope, type: string, r: TimerRow, timer: Timer | null, extra = {}) {
  scope.emit({
    type,
    companyId: r.company_id,
    technicianId: r.technician_id,
    data: { technicianId: r.technician_id, ticketId: r.ticket_id, timer, ...extra },
  });
}
