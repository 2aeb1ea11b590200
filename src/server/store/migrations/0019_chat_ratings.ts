/**
 * 0019: customers' ratings of their chats (1–5 with an optional comment), one per customer and chat
 * (several customers can share a support session); counted by the satisfaction report.
 */
import type { Kysely, Migration } from 'kysely';
import { time } from './columns.js';

export function chatRatings(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('chat_ratings')
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'bigint', time)
        .addPrimaryKeyConstraint('chat_ratings_pk', ['chat_id', 'contact_id'])
        .execute();
      await db.schema.createIndex('chat_ratings_created').on('chat_ratings').columns(['created_at']).execute();
    },
  };
}
