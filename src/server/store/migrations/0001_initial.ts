/** 0001: accounts, technicians and their tokens, companies, contacts and grants, tickets with tags, comments and activity, and the event log. */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function initial(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('accounts'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('technicians'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('can_unmask', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('api_tokens'), dialect)
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .addColumn('revoked_at', 'bigint')
        .execute();

      await withId(db.schema.createTable('companies'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', time)
        .execute();

      await withId(db.schema.createTable('contacts'), dialect)
        .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('phone', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('contacts_company').on('contacts').columns(['company_id', 'id']).execute();

      await db.schema
        .createTable('grants')
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
        .addColumn('created_at', 'bigint', time)
        .addPrimaryKeyConstraint('grants_pk', ['technician_id', 'company_id'])
        .execute();

      await withId(db.schema.createTable('tickets'), dialect)
        .addColumn('company_id', 'bigint', (c) => c.notNull().references('companies.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('priority_rank', 'integer', (c) => c.notNull())
        .addColumn('impact', 'text', (c) => c.notNull())
        .addColumn('activity_status', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('requester_id', 'bigint', (c) => c.references('contacts.id'))
        .addColumn('created_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('client_id', 'text')
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('tickets_client')
        .on('tickets')
        .columns(['created_by_id', 'client_id'])
        .unique()
        .execute();
      await db.schema.createIndex('tickets_status_id').on('tickets').columns(['status', 'id']).execute();
      await db.schema
        .createIndex('tickets_status_updated')
        .on('tickets')
        .columns(['status', 'updated_at', 'id'])
        .execute();
      await db.schema
        .createIndex('tickets_status_priority')
        .on('tickets')
        .columns(['status', 'priority_rank', 'id'])
        .execute();
      await db.schema.createIndex('tickets_company').on('tickets').columns(['company_id', 'status', 'id']).execute();
      await db.schema.createIndex('tickets_assignee').on('tickets').columns(['assignee_id', 'status', 'id']).execute();
      await db.schema
        .createIndex('tickets_assignee_updated')
        .on('tickets')
        .columns(['assignee_id', 'updated_at', 'id'])
        .execute();
      await db.schema
        .createIndex('tickets_assignee_priority')
        .on('tickets')
        .columns(['assignee_id', 'priority_rank', 'id'])
        .execute();
      await db.schema.createIndex('tickets_requester').on('tickets').columns(['requester_id', 'id']).execute();
      await db.schema.createIndex('tickets_updated').on('tickets').columns(['updated_at', 'id']).execute();
      await db.schema.createIndex('tickets_priority').on('tickets').columns(['priority_rank', 'id']).execute();

      await db.schema
        .createTable('ticket_tags')
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
        .execute();
      await db.schema.createIndex('ticket_tags_tag').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

      await withId(db.schema.createTable('comments'), dialect)
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('author_kind', 'text', (c) => c.notNull())
        .addColumn('author_technician_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('author_contact_id', 'bigint', (c) => c.references('contacts.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('client_id', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('comments_ticket').on('comments').columns(['ticket_id', 'id']).execute();
      await db.schema
        .createIndex('comments_client')
        .on('comments')
        .columns(['author_technician_id', 'client_id'])
        .unique()
        .execute();

      await withId(db.schema.createTable('ticket_activity'), dialect)
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_technician_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('ticket_activity_ticket')
        .on('ticket_activity')
        .columns(['ticket_id', 'id'])
        .execute();

      await withId(db.schema.createTable('events'), dialect, 'seq')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('company_id', 'bigint')
        .addColumn('technician_id', 'bigint')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('events_created').on('events').columns(['created_at']).execute();
    },
  };
}
