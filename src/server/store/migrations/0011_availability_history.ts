/**
 * 0011: the availability history (every change of a technician's state, for the technicians report's
 * time Available, Away, RONA and Offline), started from each technician's current state; and covering
 * indexes for the reports' first response and resolution times, so those are read from the index.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function availabilityHistory(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('availability_history'), dialect)
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('started_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('availability_history_technician')
        .on('availability_history')
        .columns(['technician_id', 'started_at', 'id'])
        .execute();
      // The state each technician is in now, from when they entered it (a technician who never set a
      // state has no row and is Offline).
      await sql`INSERT INTO availability_history (technician_id, state, reason, started_at)
        SELECT technician_id, state, reason, changed_at FROM technician_presence
        WHERE changed_at > 0 AND state <> 'offline' ORDER BY technician_id`.execute(db);
      // The reports read these facts straight from the index (ticket_sla's met-time indexes of 0007
      // are these indexes' first column, so they go).
      const covering: Array<[string, string, string[]]> = [
        [
          'ticket_sla_response_facts',
          'ticket_sla',
          ['response_met_at', 'response_due_at', 'response_target_ms', 'response_breached_at', 'ticket_id'],
        ],
        [
          'ticket_sla_resolution_facts',
          'ticket_sla',
          [
            'resolution_met_at',
            'clock',
            'paused_at',
            'resolution_due_at',
            'resolution_target_ms',
            'resolution_breached_at',
            'ticket_id',
          ],
        ],
        [
          'tickets_created_facts',
          'tickets',
          ['created_at', 'deleted_at', 'is_spam', 'company_id', 'assignee_id', 'priority', 'type'],
        ],
      ];
      for (const [name, table, columns] of covering) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
      await db.schema.dropIndex('ticket_sla_response_met').execute();
      await db.schema.dropIndex('ticket_sla_resolution_met').execute();
    },
  };
}
