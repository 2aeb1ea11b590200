/**
 * 0023: the satisfaction report's lowest-rated tickets in the order it lists them (lowest rating,
 * then latest), so it reads the first few ratings of that order instead of joining every rating of
 * the range to its ticket and sorting them all.
 */
import type { Kysely, Migration } from 'kysely';

export function lowestRatingsIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('satisfaction_ratings_lowest')
        .on('satisfaction_ratings')
        .columns(['rating', 'created_at desc', 'ticket_id desc'])
        .execute();
    },
  };
}
