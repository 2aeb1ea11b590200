/** 0007: reports — the `reports` right of technicians, and the indexes the report queries range over. */
import type { Kysely, Migration } from 'kysely';

export function reports(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('technicians')
        .addColumn('can_report', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      const indexes: Array<[string, string, string[]]> = [
        ['tickets_created', 'tickets', ['created_at', 'id']],
        ['ticket_activity_field_created', 'ticket_activity', ['field', 'created_at', 'ticket_id']],
        ['ticket_sla_response_met', 'ticket_sla', ['response_met_at']],
        ['ticket_sla_resolution_met', 'ticket_sla', ['resolution_met_at']],
        ['ticket_sla_response_breached', 'ticket_sla', ['response_breached_at']],
        ['ticket_sla_resolution_breached', 'ticket_sla', ['resolution_breached_at']],
        ['chats_requested', 'chats', ['requested_at', 'id']],
        ['chat_offers_created', 'chat_offers', ['created_at', 'state']],
        ['chat_transfers_created', 'chat_transfers', ['created_at']],
        ['chat_participants_created', 'chat_participants', ['created_at', 'role']],
        ['satisfaction_created', 'satisfaction_ratings', ['created_at']],
      ];
      for (const [name, table, columns] of indexes) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
    },
  };
}
