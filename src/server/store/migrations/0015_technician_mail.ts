/** 0015: whether each technician gets their notifications by mail too (on unless they turned it off). */
import type { Kysely, Migration } from 'kysely';

export function technicianMail(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('technicians')
        .addColumn('mail_notifications', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  };
}
