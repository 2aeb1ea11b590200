/** 0005: live chat — availability, queues, wrap-up reasons, customer sessions, chats, messages and files. */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function liveChat(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Chat events can be addressed to the chat's customer as well.
      await db.schema.alterTable('events').addColumn('contact_id', 'bigint').execute();

      await db.schema
        .createTable('technician_presence')
        .addColumn('technician_id', 'bigint', (c) => c.primaryKey().references('technicians.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('max_chats', 'integer')
        .addColumn('changed_at', 'bigint', time)
        .addColumn('idle_since', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('chat_queues'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('offer_timeout_ms', 'bigint', (c) => c.notNull())
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createTable('chat_queue_members')
        .addColumn('queue_id', 'bigint', (c) => c.notNull().references('chat_queues.id'))
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('created_at', 'bigint', time)
        .addPrimaryKeyConstraint('chat_queue_members_pk', ['queue_id', 'technician_id'])
        .execute();
      await db
        .insertInto('chat_queues' as never)
        .values({
          name: 'default',
          mode: 'offer',
          offer_timeout_ms: 120_000,
          is_default: 1,
          created_at: Date.now(),
        } as never)
        .execute();

      await withId(db.schema.createTable('wrapup_reasons'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('customer_codes'), dialect)
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'bigint', time)
        .addColumn('used_at', 'bigint')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('customer_codes_contact')
        .on('customer_codes')
        .columns(['contact_id', 'created_at'])
        .execute();
      // Where codes wait for an admin to read them out until an e-mail channel exists.
      await db.schema
        .createTable('customer_code_outbox')
        .addColumn('code_id', 'bigint', (c) => c.primaryKey().references('customer_codes.id'))
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', time)
        .execute();
      await withId(db.schema.createTable('customer_sessions'), dialect)
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('revoked_at', 'bigint')
        .execute();

      await withId(db.schema.createTable('chats'), dialect)
        .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('queue_id', 'bigint', (c) => c.notNull().references('chat_queues.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('initiated_by', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('offered_to_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('ticket_id', 'bigint', (c) => c.references('tickets.id'))
        .addColumn('transcript_upto', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('wrapup', 'text')
        .addColumn('ended_by', 'text')
        .addColumn('origin_ip', 'text')
        .addColumn('origin_os', 'text')
        .addColumn('origin_device', 'text')
        .addColumn('origin_client', 'text')
        .addColumn('origin_client_version', 'text')
        .addColumn('client_id', 'text')
        .addColumn('requested_at', 'bigint', time)
        .addColumn('accepted_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('chats_state').on('chats').columns(['state', 'id']).execute();
      await db.schema.createIndex('chats_company').on('chats').columns(['company_id', 'id']).execute();
      await db.schema.createIndex('chats_owner').on('chats').columns(['owner_id', 'state']).execute();
      await db.schema.createIndex('chats_contact').on('chats').columns(['contact_id', 'state']).execute();
      await db.schema.createIndex('chats_ticket').on('chats').columns(['ticket_id']).execute();
      await db.schema.createIndex('chats_client').on('chats').columns(['contact_id', 'client_id']).unique().execute();

      await db.schema
        .createTable('chat_participants')
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .addPrimaryKeyConstraint('chat_participants_pk', ['chat_id', 'technician_id'])
        .execute();
      await db.schema
        .createIndex('chat_participants_technician')
        .on('chat_participants')
        .columns(['technician_id', 'state'])
        .execute();

      await withId(db.schema.createTable('chat_offers'), dialect)
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('expires_at', 'bigint', time)
        .addColumn('answered_at', 'bigint')
        .execute();
      await db.schema.createIndex('chat_offers_chat').on('chat_offers').columns(['chat_id', 'technician_id']).execute();
      await db.schema
        .createIndex('chat_offers_technician')
        .on('chat_offers')
        .columns(['technician_id', 'state'])
        .execute();

      await withId(db.schema.createTable('chat_transfers'), dialect)
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('from_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('to_technician_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('to_queue_id', 'bigint', (c) => c.references('chat_queues.id'))
        .addColumn('note', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('expires_at', 'bigint', time)
        .addColumn('answered_at', 'bigint')
        .addColumn('answered_by_id', 'bigint', (c) => c.references('technicians.id'))
        .execute();
      await db.schema.createIndex('chat_transfers_chat').on('chat_transfers').columns(['chat_id', 'state']).execute();

      await withId(db.schema.createTable('chat_files'), dialect)
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('chat_files_chat').on('chat_files').columns(['chat_id', 'id']).execute();

      await withId(db.schema.createTable('chat_messages'), dialect)
        .addColumn('chat_id', 'bigint', (c) => c.notNull().references('chats.id'))
        .addColumn('author_kind', 'text', (c) => c.notNull())
        .addColumn('author_id', 'bigint')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('file_id', 'bigint', (c) => c.references('chat_files.id'))
        .addColumn('client_id', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('chat_messages_chat').on('chat_messages').columns(['chat_id', 'id']).execute();
      await db.schema
        .createIndex('chat_messages_client')
        .on('chat_messages')
        .columns(['chat_id', 'author_kind', 'author_id', 'client_id'])
        .unique()
        .execute();
    },
  };
}
