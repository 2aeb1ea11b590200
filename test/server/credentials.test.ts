/**
 * Credentials at rest and the admin's safety nets: identity codes kept only as a slow hash and made
 * when an admin delivers them (any node can), code requests limited alike for known and unknown
 * addresses, the last admin's token never revoked, a new admin token from the database, and no time
 * booked for a technician on a company they may not see. SQLite files are private to their owner.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { buildApp, type AppDeps } from '../../src/server/http/app.js';
import { Store } from '../../src/server/store/store.js';
import { EventHub } from '../../src/server/events/hub.js';
import { ManualClock } from '../../src/server/clock.js';
import { DeadlineSweeper } from '../../src/server/deadlines/sweeper.js';
import { initAccount, issueAdminToken } from '../../src/server/services/people.js';
import { TestDatabase, type DbKind } from '../helpers/desk.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');

async function harness(kind: DbKind) {
  const db = new TestDatabase(kind);
  const clock = new ManualClock(T0);
  const store = await Store.open(db.storeConfig, () => clock.now());
  const deps: AppDeps = {
    store,
    hub: new EventHub(store.db),
    clock,
    sweeper: new DeadlineSweeper(store, clock),
    version: 'test',
    log: () => {},
  };
  const app = await buildApp(deps);
  const admin = (await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' })).token;
  let next = 1;
  const call = (token: string | undefined, method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      remoteAddress: `10.2.0.${next++ % 250}`,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}),
    });
  return {
    db,
    store,
    clock,
    deps,
    app,
    admin,
    call,
    close: async () => {
      await app.close();
      await store.close();
      await db.drop();
    },
  };
}

describe.each<DbKind>(['sqlite', 'postgres'])('credentials (%s)', (kind) => {
  let h: Awaited<ReturnType<typeof harness>>;
  let company = 0;
  const email = 'mel@customer.example';
  const codeFor = async (address: string) =>
    h.call(h.admin, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(address)}`);

  beforeAll(async () => {
    h = await harness(kind);
    company = (await h.call(h.admin, 'POST', '/v1/companies', { name: 'Acme' })).json().id;
    await h.call(h.admin, 'POST', '/v1/contacts', { companyId: company, name: 'Mel', email });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps no identity code in the database in a form that gives it back, and any node can deliver it', async () => {
    expect((await h.call(undefined, 'POST', '/v1/customer/login', { email })).statusCode).toBe(202);
    const { code } = (await codeFor(email)).json() as { code: string };
    expect(code).toMatch(/^\d{6}$/);
    const rows = await h.store.db.selectFrom('customer_codes').selectAll().execute();
    const contact = await h.store.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const fast = createHash('sha256').update(`${contact.id}:${code}`).digest('hex');
    for (const row of rows) {
      expect(row.code_hash).not.toContain(code);
      expect(row.code_hash).not.toBe(fast);
    }
    expect(rows.at(-1)?.code_hash).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    const tables = await h.store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('customer_code_outbox');
    // A second node on the same database (nothing kept in memory) delivers a fresh code that works.
    const other = await buildApp(h.deps);
    try {
      const again = await other.inject({
        method: 'GET',
        url: `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`,
        headers: { authorization: `Bearer ${h.admin}` },
      });
      expect(again.statusCode).toBe(200);
      const fresh = (again.json() as { code: string }).code;
      const wrong = fresh === code ? '000000' : code;
      expect((await h.call(undefined, 'POST', '/v1/customer/verify', { email, code: wrong })).statusCode).toBe(400);
      const ok = await h.call(undefined, 'POST', '/v1/customer/verify', { email, code: fresh });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().contact.name).toBe('Mel');
    } finally {
      await other.close();
    }
    // Used: nothing left to deliver.
    expect((await codeFor(email)).statusCode).toBe(404);
  });

  it('answers code requests for a known and an unknown address alike, limit included', async () => {
    h.clock.advance(60 * 60_000);
    const answers = async (address: string) => {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 6; i++) {
        const res = await h.call(undefined, 'POST', '/v1/customer/login', { email: address });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) retryAfter = String(res.headers['retry-after']);
      }
      return { statuses, retryAfter };
    };
    const known = await answers(email);
    const unknown = await answers('nobody@nowhere.example');
    expect(known).toEqual({ statuses: [202, 202, 202, 202, 202, 429], retryAfter: '900' });
    expect(unknown).toEqual(known);
  });

  it('refuses time booked for a technician on a company they may not see', async () => {
    const sam = (await h.call(h.admin, 'POST', '/v1/technicians', { name: 'Sam', email: 'sam@example.com' })).json();
    const ticket = (await h.call(h.admin, 'POST', '/v1/tickets', { title: 'Printer', companyId: company })).json();
    const book = () =>
      h.call(h.admin, 'POST', '/v1/time/entries', { ticketId: ticket.id, technicianId: sam.id, durationMs: 600_000 });
    const refused = await book();
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid', field: 'technicianId' });
    expect(refused.json().error.message).toMatch(/may not see the company of ticket/);
    // The admin's own entry can not be handed to Sam either.
    const own = (
      await h.call(h.admin, 'POST', '/v1/time/entries', { ticketId: ticket.id, durationMs: 600_000 })
    ).json();
    expect((await h.call(h.admin, 'PATCH', `/v1/time/entries/${own.id}`, { technicianId: sam.id })).statusCode).toBe(
      400,
    );
    await h.call(h.admin, 'POST', '/v1/grants', { technicianId: sam.id, companyId: company });
    expect((await book()).statusCode).toBe(201);
  });

  it('refuses to revoke the last admin token, and lets the database issue a new one', async () => {
    const self = await h.call(h.admin, 'POST', '/v1/technicians/1/revoke');
    expect(self.statusCode).toBe(409);
    expect(self.json().error.message).toMatch(/Ada is the last admin with an API token/);
    expect((await h.call(h.admin, 'GET', '/v1/me')).statusCode).toBe(200);
    // With a second admin holding a token, either may be revoked.
    const bea = (
      await h.call(h.admin, 'POST', '/v1/technicians', { name: 'Bea', email: 'bea@example.com', admin: true })
    ).json();
    expect((await h.call(bea.token, 'POST', '/v1/technicians/1/revoke')).json()).toEqual({ revoked: 1 });
    expect((await h.call(h.admin, 'GET', '/v1/me')).statusCode).toBe(401);
    // Now Bea is the last one.
    expect((await h.call(bea.token, 'POST', `/v1/technicians/${bea.id}/revoke`)).statusCode).toBe(409);
    // Recovery from the database: a new token for Ada works, the old one stays revoked.
    const issued = await issueAdminToken(h.store, 'ada@example.com');
    expect(issued.technician.name).toBe('Ada');
    expect((await h.call(issued.token, 'GET', '/v1/me')).json().technician.email).toBe('ada@example.com');
    h.admin = issued.token;
    await expect(issueAdminToken(h.store, 'mel@customer.example')).rejects.toThrow(
      /technician mel@customer.example not found/,
    );
  });
});

describe('SQLite files', () => {
  it('creates the data directory 0700 and the database, WAL and shared-memory files 0600', async () => {
    const db = new TestDatabase('sqlite');
    const path = join(db.dir, 'data', 'nested', 'desk.db');
    const store = await Store.open({ dialect: 'sqlite', path });
    try {
      await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' });
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect(mode(join(db.dir, 'data'))).toBe('700');
      expect(mode(join(db.dir, 'data', 'nested'))).toBe('700');
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        expect(existsSync(file), file).toBe(true);
        expect(mode(file), file).toBe('600');
      }
    } finally {
      await store.close();
    }
    // A file left readable by an earlier version is made private when it is opened.
    chmodSync(path, 0o644);
    const again = await Store.open({ dialect: 'sqlite', path });
    try {
      expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
    } finally {
      await again.close();
      await db.drop();
    }
  });
});
