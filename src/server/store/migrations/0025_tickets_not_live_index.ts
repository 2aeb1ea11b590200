/**
 * 0025: the few tickets deleted or marked as spam, by id, so a report that counts ratings (or other
 * facts of tickets) leaves theirs out without reading every ticket (reports/satisfaction.ts).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function ticketsNotLiveIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`CREATE INDEX tickets_not_live ON tickets (id) WHERE deleted_at IS NOT NULL OR is_spam <> 0`.execute(db);
    },
  };
}
