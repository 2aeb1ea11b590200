/**
 * Opening a store migrates while other schemas of the same PostgreSQL database come and go (as
 * when several test files or tenants share one database): the open must not fail because a
 * schema it was not looking for vanished while Kysely listed tables.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { Store } from '../../src/server/store/store.js';
import { PG_URL, TestDatabase } from '../helpers/desk.js';

describe('migrations beside schemas being dropped', () => {
  it('opens ten fresh schemas while others are created and dropped all along', async () => {
    const churn = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop && i < 2000; i++) {
        const name = `churn_${process.pid}_${i}`;
        await churn.query(`CREATE SCHEMA "${name}"`);
        await churn.query(`CREATE TABLE "${name}".t (id int)`);
        await churn.query(`DROP SCHEMA "${name}" CASCADE`);
      }
    })();
    try {
      for (let i = 0; i < 10; i++) {
        const db = new TestDatabase('postgres');
        const store = await Store.open(db.storeConfig);
        expect(await store.ready()).toEqual({ database: true, migrations: true });
        await store.close();
        await db.drop();
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
    // Ten stores opened one after another, each migrating a fresh schema: slow on a loaded machine.
  }, 120_000);
});
