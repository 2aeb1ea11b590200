/** 0002: deadlines, the timers the sweeper fires (DESIGN §3). */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { time, withId } from './columns.js';

export function deadlines(dialect: Dialect): Migration {
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
