/**
 * 0021: indexes for the mail sender cap (`mail.sender-limit`): the tickets a contact opened, by when,
 * and the mail each ticket came from, so counting a sender's tickets of the last hour reads that
 * sender's rows instead of every imported mail.
 */
import type { Kysely, Migration } from 'kysely';

export function mailSenderIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('tickets_created_by_contact')
        .on('tickets')
        .columns(['created_by_contact_id', 'created_at'])
        .execute();
      await db.schema.createIndex('mail_inbound_ticket').on('mail_inbound').columns(['ticket_id']).execute();
    },
  };
}
