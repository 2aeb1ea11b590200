/** Appends to a ticket's activity log inside a write: a technician's change or the system's (SLA, expiry). */
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';

export async function recordActivity(
  scope: WriteScope,
  actor: Actor | null,
  ticketId: number,
  field: string,
  oldValue: string | null,
  newValue: string | null,
): Promise<void> {
  await scope.trx
    .insertInto('ticket_activity')
    .values({
      ticket_id: ticketId,
      actor_kind: actor ? 'technician' : 'system',
      actor_technician_id: actor ? actor.id : null,
      field,
      old_value: oldValue,
      new_value: newValue,
      created_at: scope.now,
    })
    .execute();
}
