// Tickets at scale: `desk tickets list --json --limit 50` against a server holding
// 100,000 tickets (floor: `node -e ""`), the server-side time of filtered list
// queries, and ticket creation throughput through the API on SQLite and
// PostgreSQL (baseline: GET /healthz round trips with the same concurrency).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import pg from 'pg';
import { DESK, PG_URL, compare, init, percentile, report, startServer } from './lib.mjs';
import { Store, listTickets } from '../dist/server.js';

const TICKETS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'desk-bench-'));
const dbPath = join(dir, 'desk.db');

async function fill(path) {
  const store = await Store.open({ dialect: 'sqlite', path });
  const company = await store.db
    .insertInto('companies')
    .values({ name: 'Bench Co', created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const statuses = ['open', 'pending', 'resolved', 'closed'];
  const priorities = ['low', 'medium', 'high', 'critical'];
  const start = Date.now() - TICKETS * 1000;
  for (let base = 0; base < TICKETS; base += 5000) {
    await store.db.transaction().execute(async (trx) => {
      for (let i = base; i < base + 5000; i += 500) {
        const rows = [];
        for (let j = i; j < i + 500; j++) {
          const p = j % 4;
          rows.push({
            company_id: company.id,
            title: `Ticket ${j} printer vpn outlook`,
            status: statuses[(j >> 2) % 4],
            type: 'incident',
            priority: priorities[p],
            priority_rank: p + 1,
            impact: 'none',
            activity_status: 'read',
            assignee_id: j % 3 === 0 ? 1 : null,
            requester_id: null,
            created_by_id: 1,
            client_id: null,
            created_at: start + j * 1000,
            updated_at: start + j * 1000,
          });
        }
        await trx.insertInto('tickets').values(rows).execute();
      }
    });
  }
  return store;
}

async function throughput(url, token, n, concurrency, make) {
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < n) {
      const i = next++;
      const res = await request(url + make.path, {
        method: make.method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: make.body ? JSON.stringify(make.body(i)) : undefined,
      });
      await res.body.text();
      if (res.statusCode >= 300) throw new Error(`status ${res.statusCode}`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return n / ((performance.now() - started) / 1000);
}

async function createBench(label, dbArgs) {
  const token = init(dbArgs);
  const server = await startServer(dbArgs);
  const company = await request(server.url + '/v1/companies', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'C' }),
  }).then((r) => r.body.json());
  const health = await throughput(server.url, token, 3000, 16, { method: 'GET', path: '/healthz' });
  const created = await throughput(server.url, token, 3000, 16, {
    method: 'POST',
    path: '/v1/tickets',
    body: (i) => ({ title: `Bench ${i}`, companyId: company.id, clientId: `b-${i}` }),
  });
  await server.stop();
  report(`ticket creation through the API (${label})`, created, 'tickets/s', 'GET /healthz', health);
}

// --- list with 100,000 tickets
const token = init(['--db', dbPath]);
const store = await fill(dbPath);
const admin = { kind: 'technician', id: 1, name: 'Bench', admin: true, tokenPrefix: 'b' };
const queries = [
  { status: 'open', limit: 50 },
  { status: 'open,pending', assignee: 1, limit: 50, sort: 'updated' },
  { priority: 'critical', limit: 50, sort: 'priority' },
];
for (const q of queries) {
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await listTickets(store.db, admin, q);
    times.push(performance.now() - t0);
  }
  console.log(
    `list query ${JSON.stringify(q)} over ${TICKETS} tickets: p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  (target p50 <= 5 ms)`,
  );
}
await store.close();

const server = await startServer(['--db', dbPath]);
const env = { ...process.env, DESK_SERVER: server.url, DESK_TOKEN: token };
const { subject, floor } = compare(
  30,
  [process.execPath, [DESK, 'tickets', 'list', '--json', '--limit', '50'], env],
  [process.execPath, ['-e', '']],
);
report('desk tickets list --json --limit 50 (100k tickets)', subject, 'ms', 'node -e ""', floor, '<= 2x');
await server.stop();

await createBench('SQLite', ['--db', join(dir, 'create.db')]);
const schema = `bench_${randomBytes(4).toString('hex')}`;
try {
  await createBench('PostgreSQL', ['--postgres', PG_URL, '--postgres-schema', schema]);
} finally {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
}
