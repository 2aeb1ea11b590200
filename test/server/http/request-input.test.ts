/**
 * What a request's input meets before any route runs, on both databases: U+0000 in any string is
 * refused with 400 (PostgreSQL cannot store it), every query string goes through its route's schema,
 * names with `%` are decoded once, and the answers fastify and Node give by themselves (404, 405,
 * 414, 431) follow the error schema.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../../src/server/http/app.js';
import { Store } from '../../../src/server/store/store.js';
import { EventHub } from '../../../src/server/events/hub.js';
import { ManualClock } from '../../../src/server/clock.js';
import { DeadlineSweeper } from '../../../src/server/deadlines/sweeper.js';
import { initAccount } from '../../../src/server/services/people.js';
import { TestDatabase, type DbKind } from '../../helpers/database.js';

const ERROR_SHAPE = { error: { code: expect.any(String), message: expect.any(String) } };

describe.each<DbKind>(['sqlite', 'postgres'])('request input on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let app: FastifyInstance;
  let admin: string;
  let companyId: number;

  const call = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${admin}` },
      ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}),
    });

  beforeAll(async () => {
    db = new TestDatabase(kind);
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    store = await Store.open(db.storeConfig, () => clock.now());
    app = await buildApp({
      store,
      hub: new EventHub(store.db),
      clock,
      sweeper: new DeadlineSweeper(store, clock),
      version: 'test',
      log: () => {},
    });
    admin = (await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' })).token;
    companyId = (await call('POST', '/v1/companies', { name: 'Acme' })).json().id;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  it.each([
    ['a company name', 'POST', '/v1/companies', (): unknown => ({ name: 'Ac\u0000me' }), 'name'],
    ['a ticket title', 'POST', '/v1/tickets', (): unknown => ({ title: 'Printer\u0000', companyId }), 'title'],
    [
      'a tag inside a list',
      'POST',
      '/v1/tickets',
      (): unknown => ({ title: 'Printer', companyId, tags: ['a\u0000'] }),
      'tags.0',
    ],
    ['a search', 'GET', '/v1/tickets?search=%00', (): unknown => undefined, 'search'],
    ['a path parameter', 'DELETE', '/v1/statuses/a%00b', (): unknown => undefined, 'name'],
  ] as const)('refuses U+0000 in %s with 400 naming the field', async (_what, method, url, payload, field) => {
    const res = await call(method, url, payload());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'invalid', message: `${field} must not contain the NUL character (U+0000)`, field },
    });
    expect((await call('GET', '/v1/companies')).json().map((c: { name: string }) => c.name)).toEqual(['Acme']);
  });

  it('checks every query string against its route schema', async () => {
    const contacts = await call('GET', '/v1/contacts?company=abc');
    expect(contacts.statusCode).toBe(400);
    expect(contacts.json()).toMatchObject({ error: { code: 'invalid', field: 'company' } });
    expect((await call('GET', '/v1/contacts?company=0')).statusCode).toBe(400);
    expect((await call('GET', '/v1/contacts?company=1&company=2')).statusCode).toBe(400);
    expect((await call('GET', `/v1/contacts?company=${companyId}`)).statusCode).toBe(200);
    expect((await call('GET', '/v1/chats/requests?limit=many')).json()).toMatchObject({ error: { field: 'limit' } });
  });

  it('creates and deletes custom fields and statuses whose names hold %', async () => {
    const field = await call('POST', '/v1/fields', { name: 'discount 50%', kind: 'text' });
    expect(field.statusCode).toBe(201);
    const removedField = await call('DELETE', `/v1/fields/${encodeURIComponent('discount 50%')}`);
    expect(removedField.statusCode).toBe(200);
    expect((await call('GET', '/v1/fields')).json()).toEqual([]);

    expect((await call('POST', '/v1/statuses', { name: '100% done', mapsTo: 'resolved' })).statusCode).toBe(201);
    expect((await call('DELETE', `/v1/statuses/${encodeURIComponent('100% done')}`)).statusCode).toBe(200);
    expect((await call('DELETE', `/v1/statuses/${encodeURIComponent('%zz')}`)).statusCode).toBe(404);

    // The longest name, which takes far more than 100 characters URL-encoded.
    const long = '50% off, '.replace(',', '').repeat(12).slice(0, 100).trim();
    expect((await call('POST', '/v1/fields', { name: long, kind: 'text' })).statusCode).toBe(201);
    expect((await call('DELETE', `/v1/fields/${encodeURIComponent(long)}`)).statusCode).toBe(200);
  });

  it('answers a known path asked with a method it lacks 405 with Allow, an unknown path 404, in the error schema', async () => {
    const wrong = await call('PUT', '/v1/tickets/1/attachments');
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET, POST');
    expect(wrong.json()).toEqual(ERROR_SHAPE);
    expect((await call('DELETE', '/v1/companies')).statusCode).toBe(405);
    const missing = await call('GET', '/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no such path: GET /v1/nothing-here' } });
  });

  it('answers a path parameter too long 414 in the error schema', async () => {
    const res = await call('DELETE', `/v1/fields/${'x'.repeat(2000)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: { code: 'invalid', message: 'the URL is too long' } });
  });

  it('answers header fields too large 431 in the error schema', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/healthz', headers: { 'x-padding': 'p'.repeat(64 * 1024) } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'invalid', message: 'the request header fields are too large' },
    });
  });

  it('lists the customer event stream in /openapi.json', async () => {
    const doc = (await call('GET', '/openapi.json')).json();
    expect(doc.paths['/v1/customer/events'].get).toMatchObject({ security: [{ customerSession: [] }] });
    expect(doc.paths['/v1/events'].get).toMatchObject({ security: [{ apiToken: [] }] });
  });

  it('refuses an upload whose name has no extension like any other unknown type', async () => {
    const ticket = (await call('POST', '/v1/tickets', { title: 'Printer', companyId })).json().id;
    const upload = (name: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/tickets/${ticket}/attachments?name=${encodeURIComponent(name)}`,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('log line\n'),
      });
    const refused = await upload('README');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/^this type of file is not allowed/);
    expect((await upload('README.txt')).statusCode).toBe(201);
  });
});
