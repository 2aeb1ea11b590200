/**
 * 0017: report facts — one narrow row per ticket (when it was created, its first response and resolution
 * on the SLA clock, its breaches, and what reports group and filter by) and one per status change, kept
 * by triggers in the same transaction as the change (see report-fact-triggers.ts), with indexes that
 * cover the reports' range-and-group queries; filled here from the tickets there are. And indexes the
 * technicians and time reports' chats and time entries range over. The facts carry no foreign keys: they are derived, and go
 * with their rows.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { createReportFactTriggers, slaFacts, statusFactInsert, ticketFactValues } from './report-fact-triggers.js';

const DIMENSIONS = ['company_id', 'assignee_id', 'priority', 'type'];

export function reportFacts(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ticket_facts')
        .addColumn('ticket_id', 'bigint', (c) => c.primaryKey())
        .addColumn('live', 'integer', (c) => c.notNull())
        .addColumn('company_id', 'bigint', (c) => c.notNull())
        .addColumn('assignee_id', 'bigint')
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('sentiment', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('response_met_at', 'bigint')
        .addColumn('first_response_ms', 'bigint')
        .addColumn('response_breached_at', 'bigint')
        .addColumn('resolution_met_at', 'bigint')
        .addColumn('resolution_ms', 'bigint')
        .addColumn('resolution_breached_at', 'bigint')
        .execute();
      await db.schema
        .createTable('ticket_status_facts')
        .addColumn('activity_id', 'bigint', (c) => c.primaryKey())
        .addColumn('ticket_id', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('live', 'integer', (c) => c.notNull())
        .addColumn('company_id', 'bigint', (c) => c.notNull())
        .addColumn('assignee_id', 'bigint')
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .execute();

      const sla = slaFacts('s');
      const ticket = ticketFactValues('t');
      await sql
        .raw(
          `INSERT INTO ticket_facts (${[...Object.keys(ticket), ...Object.keys(sla)].join(', ')})
           SELECT ${[...Object.values(ticket), ...Object.values(sla)].join(', ')}
           FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id`,
        )
        .execute(db);
      await sql
        .raw(
          `${statusFactInsert('a', 'ticket_activity a JOIN ticket_facts f ON f.ticket_id = a.ticket_id')} WHERE a.field = 'status'`,
        )
        .execute(db);

      // Each report query reads one of these from its range to its group key, without the table.
      const indexes: Array<[string, string, string[]]> = [
        ['ticket_facts_created', 'ticket_facts', ['live', 'created_at', ...DIMENSIONS, 'sentiment']],
        [
          'ticket_facts_response',
          'ticket_facts',
          ['live', 'response_met_at', 'first_response_ms', 'response_breached_at', ...DIMENSIONS],
        ],
        [
          'ticket_facts_resolution',
          'ticket_facts',
          ['live', 'resolution_met_at', 'resolution_ms', 'resolution_breached_at', ...DIMENSIONS],
        ],
        ['ticket_facts_response_breached', 'ticket_facts', ['live', 'response_breached_at', ...DIMENSIONS]],
        ['ticket_facts_resolution_breached', 'ticket_facts', ['live', 'resolution_breached_at', ...DIMENSIONS]],
        ['ticket_status_facts_at', 'ticket_status_facts', ['live', 'at', 'old_value', 'new_value', ...DIMENSIONS]],
        ['ticket_status_facts_ticket', 'ticket_status_facts', ['ticket_id']],
        ['chats_accepted', 'chats', ['accepted_at', 'owner_id', 'company_id']],
        // Time entries' figures (the time and technicians reports) from the index alone.
        [
          'time_entries_report',
          'time_entries',
          ['started_at', 'technician_id', 'billable', 'duration_ms', 'rate_cents', 'ticket_id'],
        ],
      ];
      for (const [name, table, columns] of indexes) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
      await createReportFactTriggers(db, dialect);
    },
  };
}
