/**
 * 0016: e-mail — the mail templates an admin changed (one row per kind; a part left null keeps the
 * shipped default), and how each mailbox learns of new mail (`idle` when its server offers IDLE,
 * `polling` otherwise; null until first connected).
 */
import type { Kysely, Migration } from 'kysely';
import { time } from './columns.js';

export function mailTemplates(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mail_templates')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('subject', 'text')
        .addColumn('text_body', 'text')
        .addColumn('html_body', 'text')
        .addColumn('updated_by_id', 'bigint')
        .addColumn('updated_at', 'bigint', time)
        .execute();
      await db.schema.alterTable('mailboxes').addColumn('push', 'text').execute();
    },
  };
}
