/**
 * 0006: no identity code at rest in a form that gives it back. The outbox of plain codes goes
 * (codes are made when they are delivered and only a scrypt hash is kept), the fast hashes of
 * earlier codes are wiped (a pending request stays, its code is made anew when delivered), and
 * code requests are counted per e-mail address, known or not, so the limit reveals no contact.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function credentials(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('customer_code_outbox').execute();
      await sql`update customer_codes set code_hash = ''`.execute(db);
      await withId(db.schema.createTable('customer_code_requests'), dialect)
        .addColumn('email_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', time)
        .execute();
      await db.schema
        .createIndex('customer_code_requests_email')
        .on('customer_code_requests')
        .columns(['email_hash', 'created_at'])
        .execute();
      await db.schema
        .createIndex('customer_code_requests_created')
        .on('customer_code_requests')
        .columns(['created_at'])
        .execute();
    },
  };
}
