/**
 * The usual start of a ticket service test: a store on a fresh test database with a manual clock at
 * 2026-03-02 09:00 UTC, an account whose admin is Ada, and a company, Acme.
 */
import { Store } from '../../src/server/store/store.js';
import { ManualClock } from '../../src/server/clock.js';
import { createCompany, initAccount } from '../../src/server/services/people.js';
import type { Actor } from '../../src/server/services/actor.js';
import { TestDatabase, type DbKind } from './desk.js';

export interface TicketStore {
  readonly db: TestDatabase;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly admin: Actor;
  readonly company: number;
}

export async function openTicketStore(kind: DbKind): Promise<TicketStore> {
  const db = new TestDatabase(kind);
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
  const store = await Store.open(db.storeConfig, () => clock.now());
  const { technician } = await initAccount(store, { accountName: 'Acme IT', name: 'Ada', email: 'ada@example.com' });
  const admin: Actor = { kind: 'technician', id: technician.id, name: 'Ada', admin: true, tokenPrefix: 'test' };
  const company = (await createCompany(store, admin, { name: 'Acme' })).id;
  return { db, store, clock, admin, company };
}
