/**
 * A property-based fuzz of the whole API, on both databases: for every route of the route table,
 * requests generated from the route's own schemas (path parameters, query, body), valid and
 * deliberately invalid, sent as an admin, a technician (without the unmask right, granted one company)
 * and a customer, each on the routes of their kind. Whatever comes in, the server
 * answers no 5xx, a success matches the route's documented response schema and status, and an error
 * matches the error schema. A bounded number of requests per route keeps it quick.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import * as z from 'zod/mini';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type AppDeps } from '../../../src/server/http/app.js';
import { routeTable } from '../../../src/server/http/route-table.js';
import type { RouteDef } from '../../../src/server/http/route.js';
import { Store } from '../../../src/server/store/store.js';
import { EventHub } from '../../../src/server/events/hub.js';
import { ManualClock } from '../../../src/server/clock.js';
import { DeadlineSweeper } from '../../../src/server/deadlines/sweeper.js';
import { initAccount } from '../../../src/server/services/people.js';
import { TestDatabase, type DbKind } from '../../helpers/database.js';
import { inputSchema, invalidValue, queryString, validValue } from '../../helpers/schema-arbitrary.js';

/** Requests per route, per database. */
const RUNS = 10;

/**
 * Routes left out because they end the fuzzer's own sessions (revoking every token of a technician,
 * logging the customer out) or move the clock past them; their own tests cover them.
 */
const LEFT_OUT = new Set(['POST /v1/technicians/:id/revoke', 'POST /v1/customer/logout', 'PUT /v1/test/clock']);

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.optional(z.string()) }),
});

type Role = 'admin' | 'technician' | 'customer';

interface FuzzRequest {
  readonly role: Role;
  readonly params: Record<string, string>;
  readonly query: string;
  readonly body: unknown;
}

/** A path parameter: ids near the fixtures' and at the edges, names of every kind; sometimes left raw. */
function paramValue(name: string): fc.Arbitrary<string> {
  const id = fc.oneof(
    fc.integer({ min: 1, max: 4 }).map(String),
    fc.constantFrom('0', '-1', '2147483648', '9007199254740993', 'abc', '1.5', '1e3', '%00', '%20'),
  );
  const named = fc.oneof(
    fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
    fc.constantFrom('50%25', '%zz', 'a%2Fb', '%E2%80%AE', 'Urgent', 'high'),
  );
  return name === 'id' || name.endsWith('Id') ? id : named;
}

/**
 * Who calls a route: its own kind of caller (a token of the wrong kind is refused before any input is
 * read, and counts as a failed token check, which the route-table tests cover).
 */
function rolesFor(route: RouteDef): Role[] {
  if (route.auth === 'technician') return ['admin', 'technician'];
  if (route.auth === 'customer') return ['customer'];
  return ['admin', 'technician', 'customer'];
}

/** Each route's request generator, from its own schemas. */
function requestsFor(route: RouteDef): fc.Arbitrary<FuzzRequest> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, paramValue(n)])));
  const querySchema = route.query ? inputSchema(route.query) : undefined;
  const query = querySchema
    ? fc.oneof({ weight: 3, arbitrary: validValue(querySchema) }, { weight: 1, arbitrary: invalidValue(querySchema) })
    : fc.constant(undefined);
  const bodySchema = route.body ? inputSchema(route.body) : undefined;
  const body =
    route.bodyLimit !== undefined
      ? fc.uint8Array({ minLength: 0, maxLength: 64 }).map((b) => Buffer.from(b))
      : bodySchema
        ? fc.oneof({ weight: 3, arbitrary: validValue(bodySchema) }, { weight: 2, arbitrary: invalidValue(bodySchema) })
        : fc.constant(undefined);
  return fc.record({
    role: fc.constantFrom<Role>(...rolesFor(route)),
    params,
    query: query.map(queryString),
    body,
  });
}

/** The routes, read from a table built for enumeration only (its handlers never run). */
const enumerated = routeTable({
  store: {} as AppDeps['store'],
  hub: {} as AppDeps['hub'],
  clock: new ManualClock(0),
  sweeper: {} as AppDeps['sweeper'],
  version: 'test',
}).routes.filter((r) => !LEFT_OUT.has(`${r.method} ${r.url}`));

describe.each<DbKind>(['sqlite', 'postgres'])('API fuzz on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let app: FastifyInstance;
  const tokens: Record<Role, string> = { admin: '', technician: '', customer: '' };

  const call = (token: string, method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
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
    tokens.admin = (await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' })).token;
    const sam = (await call(tokens.admin, 'POST', '/v1/technicians', { name: 'Sam', email: 'sam@example.com' })).json();
    tokens.technician = sam.token;
    const company = (await call(tokens.admin, 'POST', '/v1/companies', { name: 'Acme' })).json().id;
    await call(tokens.admin, 'POST', '/v1/grants', { technicianId: sam.id, companyId: company });
    const email = 'mel@customer.example';
    await call(tokens.admin, 'POST', '/v1/contacts', {
      companyId: company,
      name: 'Mel',
      email,
      phone: '+447966197542',
    });
    await call(tokens.admin, 'POST', '/v1/tickets', { title: 'Printer jam', companyId: company, requesterId: 1 });
    expect((await app.inject({ method: 'POST', url: '/v1/customer/login', payload: { email } })).statusCode).toBe(202);
    const code = (await call(tokens.admin, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`)).json()
      .code;
    tokens.customer = (
      await app.inject({ method: 'POST', url: '/v1/customer/verify', payload: { email, code } })
    ).json().token;
    expect(Object.values(tokens).every((t) => t.length > 0)).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  for (const route of enumerated) {
    it.prop([requestsFor(route)], { numRuns: RUNS })(`${route.method} ${route.url}`, async (req) => {
      const path = route.url.replace(/:(\w+)/g, (_, name: string) => req.params[name] ?? '');
      const upload = Buffer.isBuffer(req.body);
      const res = await app.inject({
        method: route.method,
        url: path + req.query,
        headers: {
          authorization: `Bearer ${tokens[req.role]}`,
          ...(upload ? { 'content-type': 'application/octet-stream' } : {}),
        },
        ...(req.body !== undefined ? { payload: req.body as InjectOptions['payload'] } : {}),
      });
      const what = `${route.method} ${path}${req.query} as ${req.role} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect(res.statusCode, what).toBeLessThan(500);
      if (res.statusCode < 300) {
        expect(res.statusCode, what).toBe(route.status ?? 200);
        if (route.response) {
          const parsed = z.safeParse(route.response, res.json());
          expect(parsed.success, `${what}\n${parsed.error?.message ?? ''}`).toBe(true);
        }
      } else {
        expect(z.safeParse(errorBody, res.json()).success, what).toBe(true);
      }
    });
  }
});
