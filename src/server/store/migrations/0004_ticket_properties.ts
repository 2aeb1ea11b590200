/** 0004: ticket properties — SLA, merge/spam/delete, custom statuses and fields, notifications, templates, items, attachments, satisfaction, ticket viewers. */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function ticketProperties(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const ticketColumns: Array<[string, 'integer' | 'bigint' | 'text']> = [
        ['deleted_at', 'bigint'],
        ['merged_into_id', 'bigint'],
        ['custom_status_id', 'bigint'],
        ['product_family', 'text'],
        ['resolution_comment_id', 'bigint'],
        ['sentiment', 'text'],
      ];
      await db.schema
        .alterTable('tickets')
        .addColumn('is_spam', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      for (const [name, type] of ticketColumns) await db.schema.alterTable('tickets').addColumn(name, type).execute();
      await db.schema.alterTable('comments').addColumn('cc', 'text').execute();
      await db.schema.createIndex('tickets_deleted').on('tickets').columns(['deleted_at', 'id']).execute();

      await withId(db.schema.createTable('sla_policies'), dialect)
        .addColumn('priority', 'text', (c) => c.notNull().unique())
        .addColumn('response_ms', 'bigint')
        .addColumn('resolution_ms', 'bigint')
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .execute();

      await db.schema
        .createTable('ticket_sla')
        .addColumn('ticket_id', 'bigint', (c) => c.primaryKey().references('tickets.id'))
        .addColumn('clock', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', time)
        .addColumn('paused_at', 'bigint')
        .addColumn('paused_total_ms', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('response_target_ms', 'bigint')
        .addColumn('resolution_target_ms', 'bigint')
        .addColumn('response_due_at', 'bigint')
        .addColumn('resolution_due_at', 'bigint')
        .addColumn('response_met_at', 'bigint')
        .addColumn('resolution_met_at', 'bigint')
        .addColumn('response_breached_at', 'bigint')
        .addColumn('resolution_breached_at', 'bigint')
        .addColumn('next_due_at', 'bigint')
        .execute();
      await db.schema.createIndex('ticket_sla_next_due').on('ticket_sla').columns(['next_due_at']).execute();

      await withId(db.schema.createTable('custom_statuses'), dialect)
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('maps_to', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('custom_fields'), dialect)
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('choices', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();

      await db.schema
        .createTable('ticket_field_values')
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('field_id', 'bigint', (c) => c.notNull().references('custom_fields.id'))
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ticket_field_values_pk', ['ticket_id', 'field_id'])
        .execute();
      await db.schema
        .createIndex('ticket_field_values_field')
        .on('ticket_field_values')
        .columns(['field_id', 'value'])
        .execute();

      await withId(db.schema.createTable('notifications'), dialect)
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('comment_id', 'bigint')
        .addColumn('actor_technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('excerpt', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('read_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('notifications_technician')
        .on('notifications')
        .columns(['technician_id', 'id'])
        .execute();

      await withId(db.schema.createTable('templates'), dialect)
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('ticket_items'), dialect)
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
        .addColumn('unit_price_cents', 'bigint', (c) => c.notNull())
        .addColumn('created_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('ticket_items_ticket').on('ticket_items').columns(['ticket_id', 'id']).execute();

      await withId(db.schema.createTable('attachments'), dialect)
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('comment_id', 'bigint', (c) => c.references('comments.id'))
        .addColumn('uploaded_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull().unique())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('attachments_ticket').on('attachments').columns(['ticket_id', 'id']).execute();
      await db.schema.createIndex('attachments_comment').on('attachments').columns(['comment_id']).execute();

      await db.schema
        .createTable('satisfaction_ratings')
        .addColumn('ticket_id', 'bigint', (c) => c.primaryKey().references('tickets.id'))
        .addColumn('contact_id', 'bigint', (c) => c.notNull().references('contacts.id'))
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();

      await db.schema
        .createTable('ticket_viewers')
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('expires_at', 'bigint', time)
        .addPrimaryKeyConstraint('ticket_viewers_pk', ['ticket_id', 'technician_id'])
        .execute();
    },
  };
}
