/**
 * 0022: the last message a guest of a support session could see before they left it, so that
 * reading the chat afterwards shows them their part and nothing said after they went.
 */
import type { Kysely, Migration } from 'kysely';

export function guestUntil(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('chat_customers').addColumn('until_message_id', 'bigint').execute();
    },
  };
}
