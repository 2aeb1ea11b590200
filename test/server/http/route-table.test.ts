/**
 * The route table decides who may call a route and how often: every route
 * declares it, the auth hook refuses the wrong kind of token, public routes
 * need none, a declared limit answers 429 with Retry-After, failed token checks
 * hold an address back, and the OpenAPI document says the same. Requests are
 * injected; the limiter's clock is moved, never waited for.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type AppDeps } from '../../../src/server/http/app.js';
import { routeTable } from '../../../src/server/http/route-table.js';
import { AUTHS, type RouteDef } from '../../../src/server/http/route.js';
import { FAILED_AUTH_LIMIT } from '../../../src/server/http/rate-limits.js';
import { Store } from '../../../src/server/store/store.js';
import { EventHub } from '../../../src/server/events/hub.js';
import { ManualClock } from '../../../src/server/clock.js';
import { DeadlineSweeper } from '../../../src/server/deadlines/sweeper.js';
import { initAccount } from '../../../src/server/services/people.js';
import { TestDatabase } from '../../helpers/desk.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');

describe('route table', () => {
  let db: TestDatabase;
  let store: Store;
  let deps: AppDeps;
  let app: FastifyInstance;
  let admin: string;
  let sam: string;
  let customer: string;
  /** Each test that counts failures or requests uses its own address. */
  let nextAddress = 1;
  const address = () => `10.0.0.${nextAddress++}`;

  const call = (token: string | undefined, method: InjectOptions['method'], url: string, extra: InjectOptions = {}) =>
    app.inject({
      method,
      url,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...extra,
    });

  beforeAll(async () => {
    db = new TestDatabase('sqlite');
    const clock = new ManualClock(T0);
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
    admin = (await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' })).token;
    sam = (await call(admin, 'POST', '/v1/technicians', { payload: { name: 'Sam', email: 'sam@example.com' } })).json()
      .token;
    const company = (await call(admin, 'POST', '/v1/companies', { payload: { name: 'Acme' } })).json().id;
    const email = 'mel@customer.example';
    await call(admin, 'POST', '/v1/contacts', { payload: { companyId: company, name: 'Mel', email } });
    expect((await call(undefined, 'POST', '/v1/customer/login', { payload: { email } })).statusCode).toBe(202);
    const { code } = (await call(admin, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`)).json();
    customer = (await call(undefined, 'POST', '/v1/customer/verify', { payload: { email, code } })).json().token;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  it('has every route declare who may call it, and a positive limit where it has one', () => {
    const { routes, streams } = routeTable(deps);
    expect(routes.length).toBeGreaterThan(90);
    for (const r of [...routes, ...streams]) {
      expect(AUTHS, r.url).toContain(r.auth);
      if (r.rateLimit) {
        expect(r.rateLimit.max, r.url).toBeGreaterThan(0);
        expect(r.rateLimit.windowMs, r.url).toBeGreaterThan(0);
      }
    }
    const publicUrls = routes.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.url}`);
    expect(publicUrls.sort()).toEqual([
      'GET /healthz',
      'GET /openapi.json',
      'GET /readyz',
      'POST /v1/customer/join',
      'POST /v1/customer/login',
      'POST /v1/customer/verify',
    ]);
    const customerUrls = routes.filter((r) => r.auth === 'customer').map((r) => r.url);
    expect(customerUrls.every((url) => url.startsWith('/v1/customer/'))).toBe(true);
    expect(streams.map((s) => `${s.url} ${s.auth}`)).toEqual(['/v1/events technician', '/v1/customer/events customer']);
  });

  it('refuses to register a route that does not declare who may call it', async () => {
    const fresh = await buildApp(deps);
    try {
      expect(() => fresh.get('/v1/undeclared', async () => ({}))).toThrow('does not declare who may call it');
    } finally {
      await fresh.close();
    }
  });

  it('answers public routes without a token', async () => {
    const remoteAddress = address();
    expect((await call(undefined, 'GET', '/healthz', { remoteAddress })).json()).toEqual({ ok: true, node: null });
    const ready = await call(undefined, 'GET', '/readyz', { remoteAddress });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ok: true, database: true, migrations: true });
    expect((await call(undefined, 'GET', '/openapi.json', { remoteAddress })).statusCode).toBe(200);
    const login = await call(undefined, 'POST', '/v1/customer/login', {
      remoteAddress,
      payload: { email: 'nobody@nowhere.example' },
    });
    expect(login.statusCode).toBe(202);
  });

  it.each([
    ['no token', 'GET', '/v1/me', undefined],
    ['no token', 'GET', '/v1/customer/me', undefined],
    ['a customer token', 'GET', '/v1/me', 'customer'],
    ['a customer token', 'POST', '/v1/tickets', 'customer'],
    ['a customer token', 'GET', '/v1/events', 'customer'],
    ["a technician's token", 'GET', '/v1/customer/me', 'technician'],
    ["a technician's token", 'POST', '/v1/customer/chats/1/messages', 'technician'],
    ["a technician's token", 'GET', '/v1/customer/events', 'technician'],
  ] as const)('refuses %s on %s %s with 401 unauthenticated', async (_what, method, url, kind) => {
    const token = kind === 'customer' ? customer : kind === 'technician' ? sam : undefined;
    const res = await call(token, method, url, { remoteAddress: address() });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it("treats a request that matches no route as a technician's", async () => {
    const remoteAddress = address();
    expect((await call(undefined, 'GET', '/v1/nowhere', { remoteAddress })).statusCode).toBe(401);
    expect((await call(sam, 'GET', '/v1/nowhere', { remoteAddress })).statusCode).toBe(404);
  });

  it('lets each kind of token through on its own routes', async () => {
    const remoteAddress = address();
    expect((await call(sam, 'GET', '/v1/me', { remoteAddress })).json().technician.name).toBe('Sam');
    expect((await call(customer, 'GET', '/v1/customer/me', { remoteAddress })).json().contact.name).toBe('Mel');
  });

  it('answers 429 with Retry-After on every limited route past its declared limit, per caller and window', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const limited = routeTable(deps).routes.filter((r) => r.rateLimit);
    expect(limited.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'POST /v1/admin/mail/test',
      'POST /v1/admin/mailboxes/:id/test',
      'POST /v1/chats/:id/files',
      'POST /v1/chats/:id/messages',
      'POST /v1/chats/join',
      'POST /v1/customer/chats/:id/files',
      'POST /v1/customer/chats/:id/messages',
      'POST /v1/customer/chats/join',
      'POST /v1/customer/join',
      'POST /v1/tickets/:id/attachments',
    ]);
    const tokenFor = (r: RouteDef) => (r.auth === 'customer' ? customer : sam);
    // Requests count whatever their answer: an unknown chat or ticket answers 400 or 404 here. A public
    // route counts per address, so its requests come from one.
    const send = (r: RouteDef, token = tokenFor(r)) =>
      call(r.auth === 'public' ? undefined : token, r.method, r.url.replace(/:id/, '999999'), {
        remoteAddress: r.auth === 'public' ? `10.1.0.${limited.indexOf(r)}` : address(),
        payload: {},
      });
    for (const r of limited) {
      const limit = r.rateLimit ?? { max: 0, windowMs: 0 };
      for (let i = 0; i < limit.max; i++) expect((await send(r)).statusCode, `${r.url} #${i + 1}`).not.toBe(429);
      const over = await send(r);
      expect(over.statusCode, r.url).toBe(429);
      expect(over.json().error.code).toBe('rate_limited');
      expect(Number(over.headers['retry-after'])).toBe(Math.ceil(limit.windowMs / 1000));
      if (r.auth === 'technician') expect((await send(r, admin)).statusCode, 'another technician').not.toBe(429);
      vi.setSystemTime(Date.now() + limit.windowMs);
      expect((await send(r)).statusCode, `${r.url} in the next window`).not.toBe(429);
    }
  });

  it('holds bad tokens from an address back after too many failed checks until the window ends, never a valid one', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const remoteAddress = address();
    for (let i = 0; i < FAILED_AUTH_LIMIT.max; i++) {
      // Failed customer session checks count as much as failed API tokens.
      const [token, url] = i % 2 === 0 ? ['dsk_guess', '/v1/me'] : ['dcs_guess', '/v1/customer/me'];
      expect((await call(token, 'GET', url, { remoteAddress })).statusCode).toBe(401);
    }
    const over = await call('dsk_guess', 'GET', '/v1/me', { remoteAddress });
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBe(60);
    vi.setSystemTime(T0 + 20_000);
    const held = await call('dsk_other_guess', 'GET', '/v1/me', { remoteAddress });
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers['retry-after'])).toBe(40);
    // Valid tokens from that address get through; public routes answer; other addresses are not held back.
    expect((await call(sam, 'GET', '/v1/me', { remoteAddress })).statusCode).toBe(200);
    expect((await call(customer, 'GET', '/v1/customer/me', { remoteAddress })).statusCode).toBe(200);
    expect((await call(undefined, 'GET', '/healthz', { remoteAddress })).statusCode).toBe(200);
    expect((await call('dsk_third_guess', 'GET', '/v1/me', { remoteAddress: address() })).statusCode).toBe(401);
    vi.setSystemTime(T0 + 60_000);
    expect((await call('dsk_fourth_guess', 'GET', '/v1/me', { remoteAddress })).statusCode).toBe(401);
  });

  it('describes each route’s security and limit in the OpenAPI document from the same declarations', async () => {
    type Operation = { security: unknown[]; responses: Record<string, unknown>; 'x-rate-limit'?: unknown };
    const doc = (await call(undefined, 'GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const security = { public: [], customer: [{ customerSession: [] }], technician: [{ apiToken: [] }] };
    const { routes, streams } = routeTable(deps);
    for (const r of [...routes, ...streams.map((s) => ({ ...s, method: 'GET' as const }))]) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op?.security, `${r.method} ${r.url}`).toEqual(security[r.auth]);
      expect(op?.['x-rate-limit'], r.url).toEqual(r.rateLimit);
      // A stream documents its limit of open streams per token as a 429 too.
      const isStream = streams.some((s) => s.url === r.url);
      expect(op?.responses['429'] !== undefined, r.url).toBe(r.rateLimit !== undefined || isStream);
    }
  });
});
