/**
 * Group commit: writes that arrive together share one commit, and one of them failing fails
 * only itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Store } from '../../src/server/store/store.js';
import { TestDatabase, type DbKind } from '../helpers/desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('group commit (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    db = new TestDatabase(kind);
    store = await Store.open(db.storeConfig);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const addCompany = (name: string) =>
    store.write(async ({ trx, now, emit }) => {
      const row = await trx
        .insertInto('companies')
        .values({ name, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      emit({ type: 'test.company', companyId: row.id, data: { name } });
      return row.id;
    });

  it('commits writes that arrive together at once, and a failing one fails alone', async () => {
    await addCompany('Taken');
    const before = store.commitStats.batches;
    const names = Array.from({ length: 12 }, (_, i) => `Group ${i}`);
    // Sent in one go: they reach the store's queue before it takes the next group.
    const results = await Promise.allSettled([...names.slice(0, 6), 'Taken', ...names.slice(6)].map(addCompany));
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(results[6]?.status).toBe('rejected');
    const stored = await store.db.selectFrom('companies').select('name').orderBy('id').execute();
    expect(stored.map((r) => r.name)).toEqual(['Taken', ...names]);
    // Fewer commits than writes: they were grouped.
    expect(store.commitStats.batches - before).toBeLessThan(results.length);
    // Each stored write's event is in the log once, with a position; the failed one's is not.
    const events = await store.db
      .selectFrom('events')
      .select(['seq', 'payload'])
      .where('type', '=', 'test.company')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => (JSON.parse(e.payload) as { name: string }).name).sort()).toEqual(
      ['Taken', ...names].sort(),
    );
    const seqs = events.map((e) => Number(e.seq));
    expect(seqs.every((s) => Number.isInteger(s) && s > 0)).toBe(true);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('answers a write that throws with its error and keeps nothing of it', async () => {
    const results = await Promise.allSettled([
      addCompany('Kept'),
      store.write(async ({ trx, now }) => {
        await trx.insertInto('companies').values({ name: 'Half done', created_at: now }).execute();
        throw new Error('refused halfway');
      }),
      addCompany('Also kept'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused halfway' });
    const stored = await store.db.selectFrom('companies').select('name').orderBy('id').execute();
    expect(stored.map((r) => r.name)).toEqual(['Kept', 'Also kept']);
  });

  it.each([
    ['first', 0],
    ['last', 4],
  ])('keeps the others when the %s write of a group fails, and the connection serves the next group', async (_, at) => {
    await addCompany('Taken');
    const names = ['A', 'B', 'C', 'D'];
    const sent = [...names];
    sent.splice(at, 0, 'Taken');
    const before = store.commitStats.batches;
    const results = await Promise.allSettled(sent.map(addCompany));
    expect(results.map((r) => r.status)).toEqual(sent.map((n) => (n === 'Taken' ? 'rejected' : 'fulfilled')));
    // One shared commit: the failure was rolled back inside the group, not by running each alone.
    expect(store.commitStats.batches - before).toBe(1);
    const next = await Promise.all(['E', 'F', 'G'].map(addCompany));
    expect(next).toHaveLength(3);
    const stored = await store.db.selectFrom('companies').select('name').orderBy('name').execute();
    expect(stored.map((r) => r.name)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'Taken']);
  });
});

describe('group commit on PostgreSQL', () => {
  let db: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    db = new TestDatabase('postgres');
    store = await Store.open(db.storeConfig);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('runs the others again alone when the last write of a group loses the connection', async () => {
    const addCompany = (name: string) =>
      store.write(({ trx, now }) => trx.insertInto('companies').values({ name, created_at: now }).execute());
    const kill = () =>
      store.write(async ({ trx }) => {
        await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx);
      });
    // Sent in this order in one go: one group, the connection lost in its last write.
    const results = await Promise.allSettled([...['A', 'B', 'C', 'D'].map(addCompany), kill()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    const stored = await store.db.selectFrom('companies').select('name').orderBy('name').execute();
    expect(stored.map((r) => r.name)).toEqual(['A', 'B', 'C', 'D']);
  });
});
