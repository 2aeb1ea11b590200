/**
 * The technician's timer (DESIGN §2.2), kept on the server: start, pause, resume and stop, which
 * writes an entry. Starting on another ticket stops the running timer first. Every change is
 * retried when it lost a race, so two concurrent requests never leave two timers or write one
 * entry twice.
 */
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { conflict, invalid } from '../../../core/errors.js';
import { formatDuration } from '../../../core/duration.js';
import { ENTRY_FORCE_MS, ENTRY_MAX_MS, rateToCents } from '../../../core/time-entries.js';
import { pauseTimer, resumeTimer, startTimer as newTimer, timerSpan } from '../../../core/timer.js';
import {
  startTimerInput,
  stopTimerInput,
  type Stopped,
  type TimeEntry,
  type TimerAction,
  type TimerStatus,
} from '../../../core/time-schemas.js';
import { cleanNote, defaultRateCents, insertEntry, ticketForTime, type TicketBrief } from './recording.js';
import {
  deleteTimer,
  emitTimer,
  insertTimer,
  loadTimer,
  retrying,
  timerData,
  timerView,
  updateTimer,
  type TimerRow,
} from './timer-rows.js';

interface StopOptions {
  readonly note?: string | undefined;
  readonly billable?: boolean | undefined;
  readonly rateCents?: number | null | undefined;
  readonly force: boolean;
  /** Stop without writing an entry. */
  readonly discard?: boolean | undefined;
}

/** Stops a timer inside a write: writes its entry (when any time ran) and removes it. */
export async function finishTimer(scope: WriteScope, actor: Actor, row: TimerRow, opts: StopOptions): Promise<Stopped> {
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
