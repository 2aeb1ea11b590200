/**
 * 0012: support sessions — each chat's session number (unique; the open chats that exist get one
 * now), single-use join links (only a hash of the token kept) and the customers who joined a chat
 * besides its contact.
 */
import { randomInt } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function supportSessions(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('chats').addColumn('session_number', 'text').execute();
      await db.schema.createIndex('chats_session_number').on('chats').column('session_number').unique().execute();
      const open = await sql<{ id: number }>`select id from chats where state in ('requested', 'offered', 'active')`
        .execute(db)
        .then((r) => r.rows);
      const taken = new Set<string>();
      for (const row of open) {
        let n: string;
        do n = String(randomInt(100_000_000, 1_000_000_000));
        while (taken.has(n));
        taken.add(n);
        await sql`update chats set session_number = ${n} where id = ${row.id}`.execute(db);
      }

      await withId(db.schema.createTable('chat_join_links'), dialect)
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('expires_at', 'bigint', time)
        .addColumn('used_at', 'bigint')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('chat_join_links_chat').on('chat_join_links').columns(['chat_id']).execute();

      await db.schema
        .createTable('chat_customers')
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        // The last message before they joined: they see the conversation from the next one on.
        .addColumn('after_message_id', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .addPrimaryKeyConstraint('chat_customers_pk', ['chat_id', 'contact_id'])
        .execute();
      await db.schema
        .createIndex('chat_customers_contact')
        .on('chat_customers')
        .columns(['contact_id', 'state'])
        .execute();
    },
  };
}
