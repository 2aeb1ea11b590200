/**
 * 0014: e-mail — the outgoing transport an admin sets, the durable outbox the mail worker sends
 * from, the IMAP mailboxes read for tickets and the messages imported from each (one row per
 * `Message-ID` and mailbox, so a mail is never imported twice).
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function mail(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mail_transport')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('smtp_url', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('updated_by_id', 'bigint')
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await withId(db.schema.createTable('mail_outbox'), dialect)
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('automatic', 'integer', (c) => c.notNull())
        .addColumn('ticket_id', 'bigint')
        .addColumn('comment_id', 'bigint')
        .addColumn('contact_id', 'bigint')
        .addColumn('to_addresses', 'text', (c) => c.notNull())
        .addColumn('cc_addresses', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        .addColumn('in_reply_to', 'text')
        .addColumn('reference_ids', 'text')
        .addColumn('reply_to', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('give_up_at', 'bigint', time)
        .addColumn('sent_at', 'bigint')
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('mail_outbox_message_id').on('mail_outbox').column('message_id').unique().execute();
      await db.schema.createIndex('mail_outbox_ticket').on('mail_outbox').columns(['ticket_id', 'id']).execute();
      await db.schema.createIndex('mail_outbox_status').on('mail_outbox').columns(['status', 'id']).execute();
      await withId(db.schema.createTable('mailboxes'), dialect)
        .addColumn('imap_url', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'bigint')
        .addColumn('company_id', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_by_id', 'bigint')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await withId(db.schema.createTable('mail_inbound'), dialect)
        .addColumn('mailbox_id', 'bigint', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('ticket_id', 'bigint')
        .addColumn('comment_id', 'bigint')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('mail_inbound_message')
        .on('mail_inbound')
        .columns(['mailbox_id', 'message_id'])
        .unique()
        .execute();
    },
  };
}
