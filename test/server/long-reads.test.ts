/**
 * Long reads (reports' queries) on PostgreSQL run at most LONG_READS at a time, one per core up to
 * four: more only take turns on the cores, and writes keep the rest of the connection pool.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { Store } from '../../src/server/store/store.js';
import { LONG_READS } from '../../src/server/store/sqlite-readers.js';
import { PG_URL, TestDatabase } from '../helpers/database.js';

const db = new TestDatabase('postgres');
afterAll(() => db.drop());

it('runs no more long reads at once than LONG_READS, and runs them all', async () => {
  const store = await Store.open(db.storeConfig);
  const watcher = new pg.Client({ connectionString: PG_URL });
  await watcher.connect();
  try {
    const probe = `probe_${randomBytes(4).toString('hex')}`;
    const reads = Array.from({ length: LONG_READS + 2 }, (_, i) =>
      store.readLong(sql<{ i: number }>`SELECT ${sql.lit(i)} AS i, pg_sleep(0.3) AS ${sql.id(probe)}`),
    );
    let done = false;
    const all = Promise.all(reads).finally(() => {
      done = true;
    });
    // How many of them the database runs at once, watched until they have all answered.
    let most = 0;
    while (!done) {
      const r = await watcher.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`,
        [`%${probe}%`],
      );
      most = Math.max(most, Number(r.rows[0]?.n));
    }
    expect((await all).map((rows) => rows[0]?.i)).toEqual(Array.from({ length: LONG_READS + 2 }, (_, i) => i));
    expect(most).toBe(LONG_READS);
  } finally {
    await watcher.end();
    await store.close();
  }
});
