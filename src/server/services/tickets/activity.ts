/** Appends to a ticket's activity log inside a write: a technician's change, a customer's, or the system's (SLA, expiry). */
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';

/** A customer acting on their ticket from a customer client. */
export interface ContactActor {
  readonly kind: 'contact';
  readonly contactId: number;
}

/** Who changed the ticket: a technician, a customer, or Deskline itself (null). */
export type ActivityActor = Actor | ContactActor | null;

export async function recordActivity(
  scope: WriteScope,
  actor: ActivityActor,
  ticketId: number,
  field: string,
  oldValue: string | null,
  newValue: string | null,
): Promise<void> {
  await scope.trx
    .insertInto('ticket_activity')
    .values({
      ticket_id: ticketId,
      actor_kind: actor === null ? 'system' : actor.kind,
      actor_technician_id: actor?.kind === 'technician' ? actor.id : null,
      actor_contact_id: actor?.kind === 'contact' ? actor.contactId : null,
      field,
      old_value: oldValue,
      new_value: newValue,
      created_at: scope.now,
    })
    .execute();
}
