import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store/store.js';
import { ManualClock } from '../../src/server/clock.js';
import { DeadlineSweeper } from '../../src/server/deadlines/sweeper.js';
import { cancel, schedule } from '../../src/server/deadlines/deadlines.js';
import { TestDatabase, type DbKind } from '../helpers/desk.js';

/** Nodes (a store and a deadline sweeper each) on one fresh database per test, with a manual clock. */
function useNodes(kind: DbKind) {
  let db: TestDatabase;
  const env = { clock: new ManualClock(0) };
  const stores: Store[] = [];
  const sweepers: DeadlineSweeper[] = [];

  async function node(fired: string[]): Promise<{ store: Store; sweeper: DeadlineSweeper }> {
    const store = await Store.open(db.storeConfig, () => env.clock.now());
    const sweeper = new DeadlineSweeper(store, env.clock, { pollMs: 50 });
    sweeper.handle('test.fire', async (scope, d) => {
      fired.push(`${d.ref}:${String(d.payload.n)}`);
      scope.emit({ type: 'test.fired', companyId: null, data: { ref: d.ref } });
    });
    stores.push(store);
    sweepers.push(sweeper);
    return { store, sweeper };
  }

  beforeEach(() => {
    db = new TestDatabase(kind);
    env.clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  });
  afterEach(async () => {
    for (const s of sweepers.splice(0)) await s.stop();
    for (const s of stores.splice(0)) await s.close();
    await db.drop();
  });
  return { env, node, stores };
}

describe.each<DbKind>(['sqlite', 'postgres'])('deadlines on %s', (kind) => {
  const { env, node, stores } = useNodes(kind);
  let clock: ManualClock;
  beforeEach(() => {
    clock = env.clock;
  });

  it('fires a deadline once when the clock reaches it, and not before', async () => {
    const fired: string[] = [];
    const { store, sweeper } = await node(fired);
    await store.write((scope) =>
      schedule(scope, { kind: 'test.fire', ref: 'a', dueAt: clock.now() + 60_000, payload: { n: 1 } }),
    );
    await sweeper.sweep();
    expect(fired).toEqual([]);
    clock.advance(60_000);
    await sweeper.sweep();
    await sweeper.sweep();
    expect(fired).toEqual(['a:1']);
    const events = await store.db.selectFrom('events').select('type').where('type', '=', 'test.fired').execute();
    expect(events).toHaveLength(1);
  });

  it('replaces a deadline of the same kind and ref, and cancels it', async () => {
    const fired: string[] = [];
    const { store, sweeper } = await node(fired);
    await store.write((scope) =>
      schedule(scope, { kind: 'test.fire', ref: 'b', dueAt: clock.now() + 1000, payload: { n: 1 } }),
    );
    await store.write((scope) =>
      schedule(scope, { kind: 'test.fire', ref: 'b', dueAt: clock.now() + 2000, payload: { n: 2 } }),
    );
    await store.write((scope) =>
      schedule(scope, { kind: 'test.fire', ref: 'c', dueAt: clock.now() + 1000, payload: { n: 3 } }),
    );
    await store.write((scope) => cancel(scope, 'test.fire', 'c'));
    clock.advance(5000);
    await sweeper.sweep();
    expect(fired).toEqual(['b:2']);
  });

  it('survives a restart: a deadline set before it fires after it', async () => {
    const before: string[] = [];
    const first = await node(before);
    await first.store.write((scope) =>
      schedule(scope, { kind: 'test.fire', ref: 'd', dueAt: clock.now() + 1000, payload: { n: 4 } }),
    );
    await first.sweeper.stop();
    await first.store.close();
    stores.splice(stores.indexOf(first.store), 1);
    const after: string[] = [];
    const second = await node(after);
    clock.advance(1000);
    await second.sweeper.sweep();
    expect(after).toEqual(['d:4']);
  });
});

// Several nodes share one database only on PostgreSQL; SQLite has one server process.
describe('deadlines on postgres with several nodes', () => {
  const { env, node } = useNodes('postgres');

  it('fires each deadline exactly once when several sweepers race', async () => {
    const fired: string[] = [];
    const a = await node(fired);
    const b = await node(fired);
    const c = await node(fired);
    for (let i = 0; i < 30; i++) {
      await a.store.write((scope) =>
        schedule(scope, { kind: 'test.fire', ref: `r${i}`, dueAt: env.clock.now() + 10, payload: { n: i } }),
      );
    }
    env.clock.advance(10);
    await Promise.all([a.sweeper.sweep(), b.sweeper.sweep(), c.sweeper.sweep()]);
    await Promise.all([a.sweeper.sweep(), b.sweeper.sweep(), c.sweeper.sweep()]);
    expect(fired).toHaveLength(30);
    expect(new Set(fired).size).toBe(30);
  });
});
