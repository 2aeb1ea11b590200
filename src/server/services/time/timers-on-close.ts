/**
 * What happens to the timers running on a ticket when it is resolved or closed (the setting
 * `tickets.timer-on-close`): with `stop`, each technician's timer on it is stopped and its time
 * recorded as an entry of theirs; with `keep` or `ask` they run on (under `ask` the TUI asks the
 * technician who closed it). A timer that ran over 24 hours is left for its technician to settle
 * (`desk time stop --force` or `--discard`).
 */
import type { TicketRow } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { settingValue } from '../settings.js';
import { finishTimer } from './timer.js';
import { loadTimer, timerData } from './timer-rows.js';
import { ENTRY_FORCE_MS } from '../../../core/time-entries.js';
import { timerSpan } from '../../../core/timer.js';
import { closesTicket } from '../../../core/tickets.js';

/** Called after a ticket's row changed: stops its timers when it was just resolved or closed and the setting says so. */
export async function timersAfterClose(
  scope: WriteScope,
  actor: Actor,
  before: TicketRow,
  after: TicketRow,
): Promise<void> {
  if (!closesTicket(before.status, after.status)) return;
  if ((await settingValue(scope.trx, 'tickets.timer-on-close')) !== 'stop') return;
  const owners = await scope.trx
    .selectFrom('time_timers')
    .select('technician_id')
    .where('ticket_id', '=', after.id)
    .orderBy('technician_id')
    .execute();
  for (const { technician_id } of owners) {
    const row = await loadTimer(scope.trx, technician_id);
    if (!row || row.ticket_id !== after.id) continue;
    if (timerSpan(timerData(row), scope.now).durationMs > ENTRY_FORCE_MS) continue;
    await finishTimer(scope, actor, row, { force: false });
  }
}
