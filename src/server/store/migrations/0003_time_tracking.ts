/** 0003: time entries, the one timer per technician, and settings. */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function timeTracking(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('time_entries'), dialect)
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('started_at', 'bigint', time)
        .addColumn('ended_at', 'bigint', time)
        .addColumn('duration_ms', 'bigint', (c) => c.notNull())
        .addColumn('rate_cents', 'bigint')
        .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('note', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('client_id', 'text')
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('time_entries_ticket')
        .on('time_entries')
        .columns(['ticket_id', 'started_at', 'id'])
        .execute();
      await db.schema
        .createIndex('time_entries_technician')
        .on('time_entries')
        .columns(['technician_id', 'started_at', 'id'])
        .execute();
      await db.schema.createIndex('time_entries_started').on('time_entries').columns(['started_at', 'id']).execute();
      await db.schema
        .createIndex('time_entries_client')
        .on('time_entries')
        .columns(['created_by_id', 'client_id'])
        .unique()
        .execute();

      // One row per technician with a timer (running or paused); `version` guards concurrent changes.
      await db.schema
        .createTable('time_timers')
        .addColumn('technician_id', 'bigint', (c) => c.primaryKey().references('technicians.id'))
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('started_at', 'bigint', time)
        .addColumn('running_since', 'bigint')
        .addColumn('accumulated_ms', 'bigint', (c) => c.notNull())
        .addColumn('segments', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('time_timers_ticket').on('time_timers').columns(['ticket_id']).execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_by_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('updated_at', 'bigint', time)
        .execute();
    },
  };
}
