/**
 * Failed token checks are counted per client address and per presented token, and never refuse a
 * valid token; behind a trusted proxy the client is the `X-Forwarded-For` address, and only there.
 * Tokens travel in the `Authorization` header (any case of `Bearer`), `?token=` only on a
 * WebSocket upgrade. Requests are injected from made-up addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { WebSocket } from 'ws';
import { buildApp, type AppDeps } from '../../../src/server/http/app.js';
import { FAILED_AUTH_LIMIT } from '../../../src/server/http/rate-limits.js';
import { Store } from '../../../src/server/store/store.js';
import { EventHub } from '../../../src/server/events/hub.js';
import { ManualClock } from '../../../src/server/clock.js';
import { DeadlineSweeper } from '../../../src/server/deadlines/sweeper.js';
import { initAccount } from '../../../src/server/services/people.js';
import { TestDatabase, type DbKind } from '../../helpers/desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('failed token checks and token transport (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let deps: AppDeps;
  let app: FastifyInstance;
  let proxied: FastifyInstance;
  let admin: string;
  let customer: string;
  let next = 1;
  const address = () => `10.1.0.${next++}`;
  let guesses = 0;
  /** A bad token never sent before, so only the address counts. */
  const guess = () => `dsk_guess${guesses++}`;

  const call = (on: FastifyInstance, token: string | undefined, url: string, extra: InjectOptions = {}) =>
    on.inject({ method: 'GET', url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...extra });

  beforeAll(async () => {
    db = new TestDatabase(kind);
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    store = await Store.open(db.storeConfig, () => clock.now());
    deps = {
      store,
      hub: new EventHub(store.db),
      clock,
      sweeper: new DeadlineSweeper(store, clock),
      version: 'test',
      log: () => {},
    };
    app = await buildApp(deps);
    proxied = await buildApp({ ...deps, trustProxy: '127.0.0.1' });
    admin = (await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' })).token;
    const company = (
      await app.inject({
        method: 'POST',
        url: '/v1/companies',
        headers: { authorization: `Bearer ${admin}` },
        payload: { name: 'Acme' },
      })
    ).json().id;
    const email = 'mel@customer.example';
    const headers = { authorization: `Bearer ${admin}` };
    await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers,
      payload: { companyId: company, name: 'Mel', email },
    });
    await app.inject({ method: 'POST', url: '/v1/customer/login', payload: { email } });
    const code = (await call(app, admin, `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`)).json().code;
    customer = (await app.inject({ method: 'POST', url: '/v1/customer/verify', payload: { email, code } })).json()
      .token;
  });
  afterAll(async () => {
    await app?.close();
    await proxied?.close();
    await store?.close();
    await db?.drop();
  });

  it('never refuses a valid token from an address that sent too many bad ones', async () => {
    const remoteAddress = address();
    for (let i = 0; i < FAILED_AUTH_LIMIT.max; i++) {
      expect((await call(app, guess(), '/v1/me', { remoteAddress })).statusCode).toBe(401);
    }
    const over = await call(app, guess(), '/v1/me', { remoteAddress });
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    const me = await call(app, admin, '/v1/me', { remoteAddress });
    expect(me.statusCode).toBe(200);
    expect(me.json().technician.name).toBe('Ada');
    expect((await call(app, customer, '/v1/customer/me', { remoteAddress })).statusCode).toBe(200);
    // Bad tokens from that address stay refused.
    expect((await call(app, guess(), '/v1/customer/me', { remoteAddress })).statusCode).toBe(429);
  });

  it('counts a bad token wherever it comes from', async () => {
    const stale = 'dsk_stale_token_from_everywhere';
    for (let i = 0; i < FAILED_AUTH_LIMIT.max; i++) {
      expect((await call(app, stale, '/v1/me', { remoteAddress: address() })).statusCode).toBe(401);
    }
    expect((await call(app, stale, '/v1/me', { remoteAddress: address() })).statusCode).toBe(429);
    // Another bad token from a fresh address is not held back by it.
    expect((await call(app, guess(), '/v1/me', { remoteAddress: address() })).statusCode).toBe(401);
  });

  it('counts the X-Forwarded-For client behind a trusted proxy, so one client does not lock out the others', async () => {
    const fwd = (token: string, client: string) => ({
      remoteAddress: '127.0.0.1',
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client },
    });
    for (let i = 0; i < FAILED_AUTH_LIMIT.max; i++) {
      expect((await proxied.inject({ method: 'GET', url: '/v1/me', ...fwd(guess(), '203.0.113.7') })).statusCode).toBe(
        401,
      );
    }
    expect((await proxied.inject({ method: 'GET', url: '/v1/me', ...fwd(guess(), '203.0.113.7') })).statusCode).toBe(
      429,
    );
    // Another client behind the same proxy with a bad token is told 401, not held back.
    expect((await proxied.inject({ method: 'GET', url: '/v1/me', ...fwd(guess(), '203.0.113.8') })).statusCode).toBe(
      401,
    );
    expect((await proxied.inject({ method: 'GET', url: '/v1/me', ...fwd(admin, '203.0.113.7') })).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const remoteAddress = address();
    const spoofed = (i: number) =>
      app.inject({
        method: 'GET',
        url: '/v1/me',
        remoteAddress,
        headers: { authorization: `Bearer ${guess()}`, 'x-forwarded-for': `198.51.100.${i}` },
      });
    for (let i = 0; i < FAILED_AUTH_LIMIT.max; i++) expect((await spoofed(i)).statusCode).toBe(401);
    expect((await spoofed(200)).statusCode).toBe(429);
  });

  it('counts an IPv6 client by its /64', async () => {
    for (let i = 0; i < FAILED_AUTH_LIMIT.max; i++) {
      const remoteAddress = `2001:db8:0:7::${(i + 1).toString(16)}`;
      expect((await call(app, guess(), '/v1/me', { remoteAddress })).statusCode).toBe(401);
    }
    expect((await call(app, guess(), '/v1/me', { remoteAddress: '2001:db8::7:0:0:0:ff' })).statusCode).toBe(429);
    expect((await call(app, guess(), '/v1/me', { remoteAddress: '2001:db8:0:8::1' })).statusCode).toBe(401);
  });

  it('takes the Bearer scheme in any case, and ?token= only on a WebSocket upgrade', async () => {
    const remoteAddress = address();
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await app.inject({
        method: 'GET',
        url: '/v1/me',
        remoteAddress,
        headers: { authorization: `${scheme} ${admin}` },
      });
      expect(res.statusCode, scheme).toBe(200);
    }
    const rest = await app.inject({ method: 'GET', url: `/v1/me?token=${admin}`, remoteAddress });
    expect(rest.statusCode).toBe(401);
    expect(rest.json().error.code).toBe('unauthenticated');
    const customerRest = await app.inject({ method: 'GET', url: `/v1/customer/me?token=${customer}`, remoteAddress });
    expect(customerRest.statusCode).toBe(401);
    // The event stream still takes ?token= on its upgrade and sends the ready frame.
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/v1/events?since=0&token=${admin}`);
    try {
      const first = await new Promise<string>((resolve, reject) => {
        socket.on('message', (data: Buffer) => resolve((JSON.parse(data.toString()) as { type: string }).type));
        socket.on('error', reject);
        socket.on('close', (code) => reject(new Error(`the stream closed (${code}) before it was ready`)));
      });
      expect(first).toBe('ready');
    } finally {
      socket.terminate();
    }
  });
});
