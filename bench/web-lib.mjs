// Shared pieces of the customer portal benchmark (bench/web.bench.mjs): a desk server on a copy of
// the built portal with a one-line page beside it, bytes on the wire, customers and chats set up
// over the API, the technician's event stream answering every customer message.
import { spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { listening } from './lib.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** The one-line page the portal is compared with. */
export const FLOOR_PAGE = 'floor.html';
const FLOOR_HTML = '<!doctype html><html lang="en"><title>Helpdesk</title><p id="floor">Hello</p></html>\n';

/**
 * A copy of the built portal (dist/web) with the one-line page beside index.html. The server answers
 * every top-level `.html` file of its web root through the same route as the portal's own pages
 * (same headers, Content-Security-Policy, compression), so the floor needs no route of its own and
 * the installed package is left as built.
 */
export function webRootCopy(dir) {
  const root = join(dir, 'web');
  cpSync(join(DIST, 'web'), root, { recursive: true });
  writeFileSync(join(root, FLOOR_PAGE), FLOOR_HTML);
  return root;
}

/**
 * The server `desk server` runs (dist/server.js's startServer, SQLite, no request log) in a child
 * process of its own, serving `webRoot`: `desk server` always serves the package's dist/web, and the
 * library takes the web root as an option.
 */
export function startWebServer(dbPath, webRoot) {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
      import { startServer } from ${JSON.stringify(join(DIST, 'server.js'))};
      const server = await startServer({
        store: { dialect: 'sqlite', path: ${JSON.stringify(dbPath)} },
        host: '127.0.0.1',
        port: 0,
        version: 'bench',
        eventRetentionMs: 30 * 24 * 3600 * 1000,
        log: null,
        notice: (line) => process.stderr.write(line + '\\n'),
        webRoot: ${JSON.stringify(webRoot)},
      });
      console.log('listening on ' + server.url);
      process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
      `,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return listening(child, 'server');
}

/**
 * GET `path` with `Accept-Encoding: gzip` on a connection of its own: the bytes read from the socket
 * (status line, headers and body as sent), the body as sent, its encoding and its text.
 */
export function wireGet(url, path) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { agent: false, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${path}: ${res.statusCode}`));
        const body = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'] ?? 'identity';
        const text = (encoding === 'gzip' ? gunzipSync(body) : body).toString();
        resolve({ path, wire: res.socket.bytesRead, body, text, encoding });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same-origin scripts and style sheets an HTML page loads (src= and href= of script and link tags). */
export function assetsOf(html) {
  const found = [];
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="(\/[^"]+)"/g)) found.push(m[1]);
  return found;
}

export async function call(url, token, method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The one-time code the admin outbox holds for the address (after a customer login asked for one). */
export async function codeFor(url, adminToken, email) {
  const { code } = await call(url, adminToken, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`);
  return code;
}

/** A customer session token for the address, signed in with an e-mailed code over the API. */
export async function customerToken(url, adminToken, email) {
  await call(url, '', 'POST', '/v1/customer/login', { email });
  const code = await codeFor(url, adminToken, email);
  return (await call(url, '', 'POST', '/v1/customer/verify', { email, code })).token;
}

/** The company, a technician granted it and the contacts named, each `{ id, email }`. */
export async function setupDesk(url, adminToken, names) {
  const company = await call(url, adminToken, 'POST', '/v1/companies', { name: 'Acme' });
  const tech = await call(url, adminToken, 'POST', '/v1/technicians', { name: 'Sam Tech', email: 'sam@bench.example' });
  await call(url, adminToken, 'POST', '/v1/grants', { technicianId: tech.id, companyId: company.id });
  const contacts = {};
  for (const name of names) {
    const email = `${name.toLowerCase()}@customer.example`;
    const c = await call(url, adminToken, 'POST', '/v1/contacts', { companyId: company.id, name, email });
    contacts[name] = { id: c.id, email };
  }
  return { tech, contacts };
}

/** The technician starts a chat with the contact, who accepts it: an active chat's id. */
export async function activeChat(url, techToken, contactId, customerBearer) {
  const started = await call(url, techToken, 'POST', '/v1/chats', { contactId });
  await call(url, customerBearer, 'POST', `/v1/customer/chats/${started.chat.id}/accept`);
  return started.chat.id;
}

/**
 * The technician's event stream (a real WebSocket client from the log's current end): every
 * customer message whose body starts with `ping-` is answered at once with `pong-` and the rest.
 * Resolves once the stream is ready, with a stop function.
 */
export async function answeringTechnician(url, techToken, chatId) {
  const { seq } = await call(url, techToken, 'GET', `/v1/chats/${chatId}`);
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/events?since=${seq}`, {
    headers: { authorization: `Bearer ${techToken}` },
    perMessageDeflate: false,
  });
  const failures = [];
  await new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'ready') return resolve();
      if (msg.type !== 'event' || msg.event.type !== 'chat.message') return;
      const m = msg.event.data.message;
      if (m.author.kind !== 'contact' || !m.body.startsWith('ping-')) return;
      call(url, techToken, 'POST', `/v1/chats/${m.chatId}/messages`, {
        body: `pong-${m.body.slice(5)}`,
        clientId: `pong-${m.body}`,
      }).catch((err) => failures.push(err));
    });
  });
  return {
    failures,
    stop: () => ws.terminate(),
  };
}
