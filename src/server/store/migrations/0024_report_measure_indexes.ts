/**
 * 0024: indexes for the reports' heaviest reads (services/reports/measure-stats.ts):
 * - first responses by assignee, then time: the technicians report reads each technician's range;
 * - first response and resolution times in the order of their values, with the companies and assignees
 *   a caller's scope checks: a whole range's percentiles are read at their rank instead of sorting
 *   every fact of the range;
 * - on PostgreSQL only, narrow ones for what a report reads per period (tickets created, first responses
 *   and resolutions with their times). PostgreSQL reads an index through its buffer cache, so an index
 *   holding only what a read needs is read faster than a covering one that holds every dimension a
 *   report can cut by (at a million tickets: a year's first responses by month 116 against 192 ms,
 *   tickets created by month 54 against 134 ms). On SQLite they made the reports no faster, and its
 *   planner took them where a covering index was needed.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

export function reportMeasureIndexes(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`CREATE INDEX ticket_facts_first_response_assignee
          ON ticket_facts (live, assignee_id, response_met_at, first_response_ms)`,
        sql`CREATE INDEX ticket_facts_first_response_order
          ON ticket_facts (live, first_response_ms, response_met_at, company_id, assignee_id)
          WHERE first_response_ms IS NOT NULL`,
        sql`CREATE INDEX ticket_facts_resolution_order
          ON ticket_facts (live, resolution_ms, resolution_met_at, company_id, assignee_id)
          WHERE resolution_ms IS NOT NULL`,
      ];
      if (dialect === 'postgres') {
        statements.push(
          sql`CREATE INDEX ticket_facts_created_at ON ticket_facts (live, created_at)`,
          sql`CREATE INDEX ticket_facts_first_response_at ON ticket_facts (live, response_met_at, first_response_ms)
            WHERE first_response_ms IS NOT NULL`,
          sql`CREATE INDEX ticket_facts_resolution_at ON ticket_facts (live, resolution_met_at, resolution_ms)
            WHERE resolution_ms IS NOT NULL`,
        );
      }
      for (const statement of statements) await statement.execute(db);
    },
  };
}
