// Shared pieces of the live-chat benchmarks (bench/chat.bench.mjs, bench/cluster.bench.mjs):
// desk servers and a bare relay, chat setup, open-loop latency and closed-loop saturation.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { DESK, init, listening, percentile } from './lib.mjs';

export const CHATS = Number(process.env.CHATS ?? 1000);
export const RATE = Number(process.env.RATE ?? 1000);
export const SECONDS = Number(process.env.SECONDS ?? 10);
export const SAT_SECONDS = Number(process.env.SAT_SECONDS ?? 8);
export const SAT_CONCURRENCY = Number(process.env.SAT_CONCURRENCY ?? 256);
export const agent = new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function call(url, token, method, path, body) {
  const res = await request(url + path, {
    method,
    dispatcher: agent,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function pool(n, concurrency, fn) {
  let next = 0;
  const out = new Array(n);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

export function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

export function startDesk(dbArgs, env = {}) {
  const child = spawn(process.execPath, [DESK, 'server', '--port', '0', '--quiet', ...dbArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return listening(child, 'server');
}

/** The floor: node:http + ws relaying a customer's POST to its technician's socket; nothing stored. */
export function startRelay() {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
      import { createServer } from 'node:http';
      import { WebSocketServer } from 'ws';
      const techs = new Map();
      let seq = 0;
      const server = createServer((req, res) => {
        const m = /^\\/chats\\/(\\d+)\\/messages$/.exec(req.url);
        if (req.method !== 'POST' || !m) { res.statusCode = 404; return res.end(); }
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString());
          const message = { id: ++seq, chatId: Number(m[1]), body: body.body, createdAt: new Date().toISOString() };
          const ws = techs.get(Number(m[1]));
          if (ws) ws.send(JSON.stringify({ type: 'event', event: { seq, type: 'chat.message', data: { chatId: message.chatId, message } } }));
          res.statusCode = 201;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(message));
        });
      });
      const wss = new WebSocketServer({ server });
      wss.on('connection', (ws, req) => {
        const u = new URL(req.url, 'http://x');
        const tech = u.searchParams.get('tech');
        if (tech) techs.set(Number(tech), ws);
        ws.send(JSON.stringify({ type: 'ready', seq }));
      });
      server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
      `,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: new URL('..', import.meta.url).pathname },
  );
  return listening(child, 'relay');
}

export function openSocket(url, token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
    ws.on('message', function first(raw) {
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'ready') {
        ws.off('message', first);
        resolve(ws);
      }
    });
    ws.on('error', reject);
  });
}

/** Sets up CHATS active chats on a desk server: one company, technician and customer per chat. */
export async function setupDesk(serverOrNodes, adminToken) {
  // Several nodes: chat i's technician listens on node i mod n and its customer sends through node i+1 mod n.
  const nodes = Array.isArray(serverOrNodes) ? serverOrNodes : [serverOrNodes];
  const server = nodes[0];
  const url = server.url;
  const chats = await pool(CHATS, 16, async (i) => {
    const company = await call(url, adminToken, 'POST', '/v1/companies', { name: `Co ${i}` });
    const tech = await call(url, adminToken, 'POST', '/v1/technicians', {
      name: `Tech ${i}`,
      email: `t${i}@bench.example`,
    });
    await call(url, adminToken, 'POST', '/v1/grants', { technicianId: tech.id, companyId: company.id });
    const email = `c${i}@bench.example`;
    const contact = await call(url, adminToken, 'POST', '/v1/contacts', {
      companyId: company.id,
      name: `Customer ${i}`,
      email,
    });
    await call(url, '', 'POST', '/v1/customer/login', { email });
    const { code } = await call(url, adminToken, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`);
    const session = await call(url, '', 'POST', '/v1/customer/verify', { email, code });
    const started = await call(url, tech.token, 'POST', '/v1/chats', { contactId: contact.id });
    await call(url, session.token, 'POST', `/v1/customer/chats/${started.chat.id}/accept`);
    return { chatId: started.chat.id, techToken: tech.token, custToken: session.token };
  });
  const rssBefore = rssKb(server.pid);
  // Streams start at the log's current end (a chat view carries it), not at its beginning.
  const { seq: head } = await call(url, chats[0].techToken, 'GET', `/v1/chats/${chats[0].chatId}`);
  const sockets = await pool(CHATS, 32, async (i) => {
    const c = chats[i];
    const techWs = nodes[i % nodes.length].url.replace(/^http/, 'ws');
    const custWs = nodes[(i + 1) % nodes.length].url.replace(/^http/, 'ws');
    const tech = await openSocket(`${techWs}/v1/events?since=${head}`, c.techToken);
    const cust = await openSocket(`${custWs}/v1/customer/events?since=${head}`, c.custToken);
    return { tech, cust };
  });
  await sleep(500);
  const rssAfter = rssKb(server.pid);
  return {
    chats,
    sockets,
    memoryPerClientKb: (rssAfter - rssBefore) / (2 * CHATS),
    send: (i, body, clientId) =>
      call(
        nodes[(i + 1) % nodes.length].url,
        chats[i].custToken,
        'POST',
        `/v1/customer/chats/${chats[i].chatId}/messages`,
        {
          body,
          clientId,
        },
      ),
  };
}

export async function setupRelay(relay) {
  const ws = relay.url.replace(/^http/, 'ws');
  const chats = Array.from({ length: CHATS }, (_, i) => ({ chatId: i + 1 }));
  const rssBefore = rssKb(relay.pid);
  const sockets = await pool(CHATS, 32, async (i) => ({
    tech: await openSocket(`${ws}/?tech=${i + 1}`, ''),
    cust: await openSocket(`${ws}/?cust=${i + 1}`, ''),
  }));
  await sleep(500);
  return {
    chats,
    sockets,
    memoryPerClientKb: (rssKb(relay.pid) - rssBefore) / (2 * CHATS),
    send: (i, body) => call(relay.url, '', 'POST', `/chats/${i + 1}/messages`, { body }),
  };
}

/** Listens on every technician socket; resolves sends by message body. */
export function listen(setup) {
  const waiting = new Map();
  for (const { tech } of setup.sockets) {
    tech.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.type !== 'event' || msg.event.type !== 'chat.message') return;
      const body = (msg.event.data ?? msg.data)?.message?.body;
      const w = waiting.get(body);
      if (w) {
        waiting.delete(body);
        w(performance.now());
      }
    });
  }
  return (body) => new Promise((resolve) => waiting.set(body, resolve));
}

/** Open loop: RATE messages/s spread over the chats for SECONDS; latency = delivery to the technician − send start. */
export async function latency(setup, label) {
  const delivered = listen(setup);
  const total = RATE * SECONDS;
  const lat = [];
  let errors = 0;
  const started = performance.now();
  const inflight = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const body = `${label}-${n}-${randomBytes(3).toString('hex')}`;
    const t0 = performance.now();
    const got = delivered(body);
    inflight.push(
      setup
        .send(n % CHATS, body, `l-${n}`)
        .then(() => got)
        .then((t1) => lat.push(t1 - t0))
        .catch(() => errors++),
    );
  }
  await Promise.race([Promise.all(inflight), sleep(30_000)]);
  const elapsed = (performance.now() - started) / 1000;
  return {
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    delivered: lat.length,
    errors,
    achieved: lat.length / elapsed,
  };
}

/** Closed loop: SAT_CONCURRENCY senders as fast as acknowledgements come, for SAT_SECONDS. */
export async function saturation(setup, label) {
  let acked = 0;
  let errors = 0;
  const until = performance.now() + SAT_SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: SAT_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const i = n++;
        try {
          await setup.send(i % CHATS, `${label}-sat-${i}`, `s-${i}`);
          acked++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: acked / SAT_SECONDS, errors };
}

export function close(setup) {
  for (const { tech, cust } of setup.sockets) {
    tech.terminate();
    cust.terminate();
  }
}

export function line(name, r, floor) {
  console.log(
    `${name}: p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.delivered} delivered at ${r.achieved.toFixed(0)}/s, ${r.errors} errors)` +
      (floor
        ? `  floor p99 ${floor.p99.toFixed(2)} ms  ratio p99 ${(r.p99 / floor.p99).toFixed(2)}x (target <= 3x)`
        : ''),
  );
}

/** The floor, measured with the same clients and load. */
export async function measureRelay() {
  const relay = await startRelay();
  try {
    const setup = await setupRelay(relay);
    const lat = await latency(setup, 'relay');
    const sat = await saturation(setup, 'relay');
    close(setup);
    return { lat, sat, memory: setup.memoryPerClientKb };
  } finally {
    await relay.stop();
  }
}

export async function runDesk(label, dbArgs, env, cleanup) {
  const adminToken = init(dbArgs);
  const server = await startDesk(dbArgs, env);
  try {
    const t0 = performance.now();
    const setup = await setupDesk(server, adminToken);
    console.log(
      `  (${label}: ${CHATS} chats set up in ${((performance.now() - t0) / 1000).toFixed(1)} s; server memory per connected client ${setup.memoryPerClientKb.toFixed(1)} KB)`,
    );
    const floor = await measureRelay();
    const lat = await latency(setup, label);
    const sat = await saturation(setup, label);
    close(setup);
    return { lat, sat, memory: setup.memoryPerClientKb, floor };
  } finally {
    await server.stop();
    await cleanup?.();
  }
}
