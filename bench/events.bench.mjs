// The event stream's cost per connected client: a server (in this process, SQLite) with N technician
// streams open (40 technicians of 20 companies, 10 streams each, from a child process); the server's
// heap after a full GC with them connected, less the heap before, divided by N. Then one ticket
// change of one company, from the write's answer to the last of its subscribers receiving it, against
// a GET /healthz round trip measured in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { percentile, report } from './lib.mjs';
import { startServer, initAccount } from '../dist/server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const TECHNICIANS = 40;
const COMPANIES = 20;
const PER_TOKEN = 10;
const N = TECHNICIANS * PER_TOKEN;

const dir = mkdtempSync(join(tmpdir(), 'desk-events-bench-'));
const server = await startServer({
  store: { dialect: 'sqlite', path: join(dir, 'desk.db') },
  host: '127.0.0.1',
  port: 0,
  version: 'bench',
  eventRetentionMs: 7 * 24 * 3_600_000,
  log: null,
});
const { token: admin } = await initAccount(server.store, {
  accountName: 'Bench',
  name: 'Ada',
  email: 'ada@bench.example',
});

async function api(token, method, path, body) {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A child process holding the streams: prints `ready` once all are live, `got SEQ` as a watched event arrives. */
const CLIENTS = `
const WebSocket = require(${JSON.stringify(new URL('../node_modules/ws/index.js', import.meta.url).pathname)});
const [url, perToken, ...tokens] = process.argv.slice(1);
let live = 0;
const total = tokens.length * Number(perToken);
for (const token of tokens)
  for (let i = 0; i < Number(perToken); i++) {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/v1/events?since=' + Number.MAX_SAFE_INTEGER, {
      headers: { authorization: 'Bearer ' + token },
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'ready' && ++live === total) console.log('ready');
      if (m.type === 'event' && m.event.type === 'ticket.updated') console.log('got ' + m.event.seq);
    });
    ws.on('error', (e) => console.error(String(e)));
  }
`;

let clients;
try {
  const companies = [];
  for (let i = 0; i < COMPANIES; i++)
    companies.push((await api(admin, 'POST', '/v1/companies', { name: `Co ${i}` })).id);
  const tokens = [];
  for (let i = 0; i < TECHNICIANS; i++) {
    const tech = await api(admin, 'POST', '/v1/technicians', { name: `Tech ${i}`, email: `t${i}@bench.example` });
    await api(admin, 'POST', '/v1/grants', { technicianId: tech.id, companyId: companies[i % COMPANIES] });
    tokens.push(tech.token);
  }
  const ticket = await api(admin, 'POST', '/v1/tickets', { title: 'Watched', companyId: companies[0] });

  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  await new Promise((r) => setTimeout(r, 200));
  const before = heap();
  clients = spawn(process.execPath, ['-e', CLIENTS, server.url, String(PER_TOKEN), ...tokens], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  const waiters = [];
  let buf = '';
  clients.stdout.setEncoding('utf8').on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.check()) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const until = (check) => (check() ? Promise.resolve() : new Promise((resolve) => waiters.push({ check, resolve })));
  await until(() => lines.includes('ready'));
  const after = heap();
  const perClient = (after - before) / N;
  console.log(
    `server heap with ${N} technician streams connected: +${((after - before) / 1024 / 1024).toFixed(1)} MB, ${(perClient / 1024).toFixed(1)} KB per client`,
  );

  // One company's change: the streams granted it (2 technicians × 10) receive it, the others do not.
  const delivery = [];
  const health = [];
  const receivers = (TECHNICIANS / COMPANIES) * PER_TOKEN;
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    await api(admin, 'PATCH', `/v1/tickets/${ticket.id}`, { title: `Watched ${i}` });
    const count = () => lines.filter((l) => l.startsWith('got ')).length;
    await until(() => count() >= (i + 1) * receivers);
    delivery.push(performance.now() - started);
    const h = performance.now();
    await api(admin, 'GET', '/healthz');
    health.push(performance.now() - h);
  }
  report(
    `ticket change of 1 of ${COMPANIES} companies to its ${receivers} of ${N} streams, p50`,
    percentile(delivery, 50),
    'ms',
    'GET /healthz p50',
    percentile(health, 50),
  );
} finally {
  clients?.kill();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
