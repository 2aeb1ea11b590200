/**
 * Every GET answer says the event sequence it was read at (`X-Desk-Seq`): every event up to it is in
 * the answer, so a client loads its lists and watches the stream from there at once. A write answers
 * without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/http/app.js';
import { Store } from '../../../src/server/store/store.js';
import { EventHub } from '../../../src/server/events/hub.js';
import { ManualClock } from '../../../src/server/clock.js';
import { DeadlineSweeper } from '../../../src/server/deadlines/sweeper.js';
import { initAccount } from '../../../src/server/services/people.js';
import { SEQ_HEADER } from '../../../src/core/read-sequence.js';
import { TestDatabase } from '../../helpers/database.js';

describe('the read sequence on GET answers (SQLite)', () => {
  let db: TestDatabase;
  let store: Store;
  let hub: EventHub;
  let app: FastifyInstance;
  let token: string;

  beforeAll(async () => {
    db = new TestDatabase('sqlite');
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    store = await Store.open(db.storeConfig, () => clock.now());
    token = (await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' })).token;
    hub = new EventHub(store.db);
    await hub.start();
    app = await buildApp({
      store,
      hub,
      clock,
      sweeper: new DeadlineSweeper(store, clock),
      version: 'test',
      log: () => {},
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  it('answers a list with the sequence of the last event it holds', async () => {
    const company = (await call('POST', '/v1/companies', { name: 'Acme' })).json<{ id: number }>();
    const created = await call('POST', '/v1/tickets', { title: 'Printer jam', companyId: company.id });
    expect(created.headers[SEQ_HEADER]).toBeUndefined();
    await hub.wake();
    const head = hub.head;
    expect(head).toBeGreaterThan(0);
    const list = await call('GET', '/v1/tickets');
    expect(list.statusCode).toBe(200);
    expect(list.headers[SEQ_HEADER]).toBe(String(head));
    expect(list.json<{ items: Array<{ title: string }> }>().items.map((t) => t.title)).toEqual(['Printer jam']);
    // A later change moves it on.
    await call('POST', '/v1/tickets', { title: 'Mail down', companyId: company.id });
    await hub.wake();
    const again = await call('GET', '/v1/chats/requests');
    expect(Number(again.headers[SEQ_HEADER])).toBeGreaterThan(head);
  });
});
