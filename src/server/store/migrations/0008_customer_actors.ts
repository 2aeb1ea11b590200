/**
 * 0008: customers as actors on tickets — the contact who left a ticket (its creator when a customer
 * made it) and the contact behind an activity log entry (a reply that reopened the ticket, …).
 */
import type { Kysely, Migration } from 'kysely';

export function customerActors(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('tickets').addColumn('created_by_contact_id', 'bigint').execute();
      await db.schema.alterTable('ticket_activity').addColumn('actor_contact_id', 'bigint').execute();
    },
  };
}
