// Commenting on a long ticket: `POST /v1/tickets/:id/comments` on a ticket that already holds 600
// comments (SQLite), one at a time, against `GET /healthz` round trips measured in the same run.
// Prints the p50 of each and the size of the comment's answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { init, percentile, report, startServer } from './lib.mjs';

const EXISTING = 600;
const RUNS = 200;

const dir = mkdtempSync(join(tmpdir(), 'desk-comments-bench-'));
const db = ['--db', join(dir, 'desk.db')];
const token = init(db);
const server = await startServer(db);

async function call(method, path, body) {
  const started = performance.now();
  const res = await request(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.body.text();
  const ms = performance.now() - started;
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return { ms, bytes: Buffer.byteLength(text), json: text ? JSON.parse(text) : undefined };
}

try {
  const company = (await call('POST', '/v1/companies', { name: 'Bench Co' })).json;
  const ticket = (await call('POST', '/v1/tickets', { title: 'A long conversation', companyId: company.id })).json;
  const path = `/v1/tickets/${ticket.id}/comments`;
  for (let i = 0; i < EXISTING; i += 4) {
    await Promise.all(
      [0, 1, 2, 3].map((j) =>
        call('POST', path, { kind: j % 2 ? 'note' : 'reply', body: `Comment ${i + j}: the printer on floor 2 again.` }),
      ),
    );
  }
  const comment = [];
  const health = [];
  let bytes = 0;
  // Warm-up, not counted.
  for (let i = 0; i < 10; i++) {
    await call('POST', path, { kind: 'note', body: `warm-up ${i}` });
    await call('GET', '/healthz');
  }
  for (let i = 0; i < RUNS; i++) {
    const c = await call('POST', path, { kind: i % 2 ? 'note' : 'reply', body: `Measured comment ${i}` });
    comment.push(c.ms);
    bytes = c.bytes;
    health.push((await call('GET', '/healthz')).ms);
  }
  console.log(`comment answer on a ticket with ${EXISTING}+ comments: ${(bytes / 1024).toFixed(1)} KB`);
  report(
    `POST comment on a ticket with ${EXISTING} comments, p50 of ${RUNS}`,
    percentile(comment, 50),
    'ms',
    'GET /healthz p50',
    percentile(health, 50),
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
