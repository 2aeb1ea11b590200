/**
 * Versioned, forward-only migrations, applied at start. Each is written with the
 * schema builder so it runs on SQLite and PostgreSQL alike; the only dialect
 * difference is how an auto-numbered key is declared.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { Dialect } from './dialect.js';

type Table = CreateTableBuilder<string, never>;

function withId(t: Table, dialect: Dialect, name = 'id'): Table {
  return dialect === 'sqlite'
    ? t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

const time = (c: ColumnDefinitionBuilder) => c.notNull();

function initial(dialect: Dialect): Migration {
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

function deadlines(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('deadlines'), dialect)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', time)
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('deadlines_kind_ref').on('deadlines').columns(['kind', 'ref']).unique().execute();
      await db.schema.createIndex('deadlines_due').on('deadlines').columns(['due_at']).execute();
    },
  };
}

function timeTracking(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('time_entries'), dialect)
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('technician_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('started_at', 'bigint', time)
        .addColumn('ended_at', 'bigint', time)
        .addColumn('duration_ms', 'bigint', (c) => c.notNull())
        .addColumn('rate_cents', 'bigint')
        .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('note', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'bigint', (c) => c.notNull().references('technicians.id'))
        .addColumn('client_id', 'text')
        .addColumn('created_at', 'bigint', time)
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('time_entries_ticket')
        .on('time_entries')
        .columns(['ticket_id', 'started_at', 'id'])
        .execute();
      await db.schema
        .createIndex('time_entries_technician')
        .on('time_entries')
        .columns(['technician_id', 'started_at', 'id'])
        .execute();
      await db.schema.createIndex('time_entries_started').on('time_entries').columns(['started_at', 'id']).execute();
      await db.schema
        .createIndex('time_entries_client')
        .on('time_entries')
        .columns(['created_by_id', 'client_id'])
        .unique()
        .execute();

      // One row per technician with a timer (running or paused); `version` guards concurrent changes.
      await db.schema
        .createTable('time_timers')
        .addColumn('technician_id', 'bigint', (c) => c.primaryKey().references('technicians.id'))
        .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
        .addColumn('started_at', 'bigint', time)
        .addColumn('running_since', 'bigint')
        .addColumn('accumulated_ms', 'bigint', (c) => c.notNull())
        .addColumn('segments', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema.createIndex('time_timers_ticket').on('time_timers').columns(['ticket_id']).execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_by_id', 'bigint', (c) => c.references('technicians.id'))
        .addColumn('updated_at', 'bigint', time)
        .execute();
    },
  };
}

/** Ticket properties: SLA, merge/spam/delete, custom statuses and fields, notifications, templates, items, attachments, satisfaction, presence. */
function ticketProperties(dialect: Dialect): Migration {
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

/** Live chat: availability, queues, wrap-up reasons, customer sessions, chats, messages and files. */
function liveChat(dialect: Dialect): Migration {
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

/** All migrations, keyed by a name that sorts in the order they apply. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_deadlines': deadlines(dialect),
    '0004_ticket_depth': ticketProperties(dialect),
    '0003_time_tracking': timeTracking(dialect),
    '0005_live_chat': liveChat(dialect),
  };
}
