import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store/store.js';

describe('long reads of a SQLite file in reader threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-readers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('see every committed write, run several at once, and survive a failing query', async () => {
    const store = await Store.open({ dialect: 'sqlite', path: join(dir, 'a.db') });
    try {
      const companies = () =>
        store.readLong(sql<{ name: string }>`SELECT name FROM companies WHERE name LIKE ${'Reader %'} ORDER BY name`);
      expect(await companies()).toEqual([]);
      for (const name of ['Reader A', 'Reader B']) {
        await store.write(({ trx, now }) => trx.insertInto('companies').values({ name, created_at: now }).execute());
      }
      // Several reads at once, on more than one thread where the machine has the cores.
      const answers = await Promise.all(Array.from({ length: 6 }, companies));
      for (const rows of answers) expect(rows.map((r) => r.name)).toEqual(['Reader A', 'Reader B']);

      await expect(store.readLong(sql`SELECT x FROM no_such_table`)).rejects.toThrow(/no such table/);
      expect((await companies()).length).toBe(2);
      // Read-only: a write sent as a long read is refused and changes nothing.
      await expect(store.readLong(sql`DELETE FROM companies RETURNING id`)).rejects.toThrow(/readonly|read-only/i);
      expect((await companies()).length).toBe(2);
    } finally {
      await store.close();
    }
    await expect(store.readLong(sql`SELECT 1`)).rejects.toThrow(/closed/);
  });

  it('answer a query still running when the store closes "closed" at once', async () => {
    const store = await Store.open({ dialect: 'sqlite', path: join(dir, 'b.db') });
    const long = store.readLong(
      sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) SELECT count(*) AS n FROM c`,
    );
    const answer = long.then(
      () => 'answered',
      (err: Error) => err.message,
    );
    // The query is on its way to the thread before the store closes.
    await new Promise((resolve) => setImmediate(resolve));
    await store.close();
    expect(await answer).toBe('the store is closed');
  });

  it('read an in-memory database on its own connection', async () => {
    const store = await Store.open({ dialect: 'sqlite', path: ':memory:' });
    try {
      expect(await store.readLong(sql<{ n: number }>`SELECT 41 + 1 AS n`)).toEqual([{ n: 42 }]);
    } finally {
      await store.close();
    }
  });
});
