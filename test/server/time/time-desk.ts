/**
 * The desk the time-tracking tests run against, on SQLite or PostgreSQL: an admin, two
 * technicians granted Acme, a company they are not granted, and tickets in both.
 */
import { expect } from 'vitest';
import { Store } from '../../../src/server/store/store.js';
import { TestDatabase, type DbKind } from '../../helpers/desk.js';
import { createCompany, createTechnician, grantCompany, initAccount } from '../../../src/server/services/people.js';
import { createTicket } from '../../../src/server/services/tickets/create.js';
import type { Actor } from '../../../src/server/services/actor.js';
import { DeskError } from '../../../src/core/errors.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const T0 = Date.parse('2026-03-02T09:00:00Z');

/** Awaits a call that must fail with a DeskError of this code, and returns the error. */
export async function rejectsWith(p: Promise<unknown>, code: string): Promise<DeskError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a ${code} error`).toBeInstanceOf(DeskError);
  expect((err as DeskError).code).toBe(code);
  return err as DeskError;
}

export interface TimeDesk {
  readonly db: TestDatabase;
  readonly store: Store;
  readonly admin: Actor;
  /** Sam and Kim are technicians granted Acme only. */
  readonly sam: Actor;
  readonly kim: Actor;
  readonly acme: number;
  readonly hidden: number;
  /** Tickets in Acme. */
  readonly printer: number;
  readonly vpn: number;
  /** A ticket in Hidden. */
  readonly secret: number;
}

/** Opens a fresh store whose clock reads `clock()`; the caller closes the store and drops `db`. */
export async function openTimeDesk(kind: DbKind, clock: () => number): Promise<TimeDesk> {
  const db = new TestDatabase(kind);
  const store = await Store.open(db.storeConfig, clock);
  const init = await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' });
  const admin: Actor = { kind: 'technician', id: init.technician.id, name: 'Ada', admin: true, tokenPrefix: 'a' };
  const acme = (await createCompany(store, admin, { name: 'Acme' })).id;
  const hidden = (await createCompany(store, admin, { name: 'Hidden' })).id;
  const s = await createTechnician(store, admin, { name: 'Sam', email: 'sam@example.com' });
  const k = await createTechnician(store, admin, { name: 'Kim', email: 'kim@example.com' });
  const sam: Actor = { kind: 'technician', id: s.id, name: 'Sam', admin: false, tokenPrefix: 's' };
  const kim: Actor = { kind: 'technician', id: k.id, name: 'Kim', admin: false, tokenPrefix: 'k' };
  await grantCompany(store, admin, { technicianId: sam.id, companyId: acme });
  await grantCompany(store, admin, { technicianId: kim.id, companyId: acme });
  const printer = (await createTicket(store, admin, { title: 'Printer jam', companyId: acme })).id;
  const vpn = (await createTicket(store, admin, { title: 'VPN down', companyId: acme })).id;
  const secret = (await createTicket(store, admin, { title: 'Secret', companyId: hidden })).id;
  return { db, store, admin, sam, kim, acme, hidden, printer, vpn, secret };
}

/** How many rows a table holds. */
export async function rowCount(store: Store, table: 'time_entries' | 'time_timers' | 'ticket_activity' | 'events') {
  return (await store.db.selectFrom(table).selectAll().execute()).length;
}
