/**
 * 0026 (SQLite only): status changes by assignee, then time, so the technicians report counts each
 * technician's resolved tickets from their own range of the index instead of sorting every change of
 * the range by technician (reports/grouped-facts.ts technicianCounts). PostgreSQL groups them by
 * hashing and has no use for it.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

export function statusFactsAssigneeIndex(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      await sql`CREATE INDEX ticket_status_facts_assignee
        ON ticket_status_facts (live, assignee_id, at, old_value, new_value)`.execute(db);
    },
  };
}
