/**
 * The API client over the node transport, against real HTTP servers on 127.0.0.1: JSON calls,
 * error mapping, uploads with progress, downloads as streams, failover past a dead node
 * (`http://127.0.0.1:1`) for each kind of request, and the silence timeout.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/client/http.js';
import { readBody } from '../../src/client/transport.js';
import { DeskError } from '../../src/core/errors.js';

const DEAD = 'http://127.0.0.1:1';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

/** A server on a free port that records what it was sent and answers with `handler`. */
async function serve(handler: Handler): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The DeskError a promise rejects with. */
async function failureOf(p: Promise<unknown>): Promise<DeskError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeskError);
  return err as DeskError;
}

const echo = z.object({ ok: z.literal(true), method: z.string(), url: z.string(), body: z.unknown() });
const FILE = Buffer.alloc(1024 * 1024 + 17, 7);

describe('ApiClient over node:http', () => {
  let api: Awaited<ReturnType<typeof serve>>;
  let hang: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    api = await serve((req, body, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/v1/echo')) {
        return sendJson(res, 200, {
          ok: true,
          method: req.method,
          url,
          body: body.length ? JSON.parse(body.toString('utf8')) : null,
        });
      }
      if (url.startsWith('/v1/upload')) return sendJson(res, 201, { ok: true, method: 'POST', url, body: body.length });
      if (url === '/v1/file') return res.writeHead(200, { 'content-type': 'text/plain' }).end(FILE);
      if (url === '/v1/broken-file') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
        res.write(Buffer.alloc(10));
        setImmediate(() => res.destroy());
        return;
      }
      if (url === '/v1/missing')
        return sendJson(res, 404, { error: { code: 'not_found', message: 'ticket 9 not found' } });
      if (url === '/v1/bad') {
        return sendJson(res, 400, { error: { code: 'invalid', message: 'title: too long', field: 'title' } });
      }
      if (url === '/v1/forbidden') return sendJson(res, 403, { error: { code: 'forbidden', message: 'admins only' } });
      if (url === '/v1/crash') return res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>');
      if (url === '/v1/not-json') return res.writeHead(200).end('hello');
      if (url === '/v1/wrong-shape') return sendJson(res, 200, { ok: 'yes' });
      sendJson(res, 404, { error: { code: 'not_found', message: 'no route' } });
    });
    // Accepts connections and reads requests, but never answers.
    hang = await serve(() => {});
  });
  afterAll(async () => {
    hang.server.closeAllConnections();
    await Promise.all([api, hang].map((s) => new Promise((resolve) => s.server.close(resolve))));
  });

  it('sends JSON with the token and query, and returns the validated answer', async () => {
    const client = new ApiClient(api.url, 'dsk_abc');
    const res = await client.call('POST', '/v1/echo', echo, {
      query: { a: 1, b: undefined, c: true },
      body: { x: 'é' },
    });
    expect(res).toEqual({ ok: true, method: 'POST', url: '/v1/echo?a=1&c=true', body: { x: 'é' } });
    const req = api.seen.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer dsk_abc');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.accept).toBe('application/json');
  });

  it('takes the schema as an import that loads while the request is out', async () => {
    const client = new ApiClient(api.url, 't');
    const res = await client.call('GET', '/v1/echo', async () => echo);
    expect(res.method).toBe('GET');
  });

  it.each([
    ['/v1/missing', 'not_found', 3, 'ticket 9 not found', undefined],
    ['/v1/bad', 'invalid', 5, 'title: too long', 'title'],
    ['/v1/forbidden', 'forbidden', 4, 'admins only', undefined],
    ['/v1/crash', 'internal', 1, 'the server answered 500', undefined],
  ] as const)('maps an error answer of %s to %s (exit %i)', async (path, code, exit, message, field) => {
    const err = await failureOf(new ApiClient(api.url, 't').call('GET', path, echo));
    expect({ code: err.code, exit: err.exitCode, message: err.message, field: err.field }).toEqual({
      code,
      exit,
      message,
      field,
    });
  });

  it.each([
    ['/v1/not-json', 'the server answered 200 with a body that is not JSON'],
    ['/v1/wrong-shape', 'unexpected answer from the server for GET /v1/wrong-shape'],
  ])('refuses a success answer of %s it cannot read', async (path, message) => {
    const err = await failureOf(new ApiClient(api.url, 't').call('GET', path, echo));
    expect([err.code, err.message]).toEqual(['internal', message]);
  });

  it('fails over to the second server when the first is dead, and stays with it', async () => {
    const client = new ApiClient(`${DEAD},${api.url}`, 't');
    expect(client.server).toBe(DEAD);
    expect((await client.call('GET', '/v1/echo', echo)).ok).toBe(true);
    expect(client.server).toBe(api.url);
    const before = api.seen.length;
    await client.call('GET', '/v1/echo', echo);
    expect(api.seen.length).toBe(before + 1);
  });

  it('reports every dead server as unreachable (exit 6) with a hint', async () => {
    const err = await failureOf(new ApiClient(`${DEAD}, http://127.0.0.1:2/`, 't').call('GET', '/v1/echo', echo));
    expect(err.code).toBe('unreachable');
    expect(err.exitCode).toBe(6);
    expect(err.message).toMatch(
      /^cannot reach any of http:\/\/127\.0\.0\.1:1, http:\/\/127\.0\.0\.1:2: .*ECONNREFUSED/,
    );
    expect(err.hint).toContain('desk server');
    const one = await failureOf(new ApiClient(DEAD, 't').call('GET', '/v1/echo', echo));
    expect(one.message).toMatch(/^cannot reach the server at http:\/\/127\.0\.0\.1:1: /);
  });

  it('does not fail over on an error answer: the server was reached', async () => {
    const second = await serve((_req, _body, res) => sendJson(res, 200, { ok: true }));
    try {
      const err = await failureOf(new ApiClient(`${api.url},${second.url}`, 't').call('GET', '/v1/missing', echo));
      expect(err.code).toBe('not_found');
      expect(second.seen).toHaveLength(0);
    } finally {
      await new Promise((resolve) => second.server.close(resolve));
    }
  });

  it('uploads in chunks, reporting progress, and fails over past a dead server', async () => {
    const progress: Array<[number, number]> = [];
    const client = new ApiClient(`${DEAD},${api.url}`, 't');
    const res = await client.upload('/v1/upload', FILE, echo, {
      query: { name: 'a b.txt' },
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(res).toMatchObject({ url: '/v1/upload?name=a+b.txt', body: FILE.length });
    const req = api.seen.at(-1)!;
    expect(req.headers['content-type']).toBe('application/octet-stream');
    expect(req.body.equals(FILE)).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([FILE.length, FILE.length]);
    // The dead server's attempt may report its first chunk; the attempt that went through counts up.
    const sent = progress.map(([n]) => n);
    const lastTry = sent.slice(sent.lastIndexOf(256 * 1024));
    expect(lastTry).toEqual([256 * 1024, 512 * 1024, 768 * 1024, 1024 * 1024, FILE.length]);
  });

  it('maps an error answer to an upload like any call', async () => {
    const err = await failureOf(new ApiClient(api.url, 't').upload('/v1/bad', FILE, echo));
    expect([err.code, err.field]).toEqual(['invalid', 'title']);
  });

  it('downloads as a stream, failing over past a dead server', async () => {
    const client = new ApiClient(`${DEAD},${api.url}`, 't');
    const download = await client.download('/v1/file');
    expect(download.headers['content-type']).toBe('text/plain');
    const chunks: number[] = [];
    for await (const chunk of download.body) chunks.push(chunk.length);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(FILE.length);
    const again = await client.download('/v1/file');
    expect((await readBody(again.body)).equals(FILE)).toBe(true);
    expect(client.server).toBe(api.url);
  });

  it('maps a download refused by the server, and one that breaks off', async () => {
    const client = new ApiClient(api.url, 't');
    expect((await failureOf(client.download('/v1/missing'))).message).toBe('ticket 9 not found');
    const broken = await client.download('/v1/broken-file');
    const err = await failureOf(readBody(broken.body));
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/^the download from http:\/\/127\.0\.0\.1:\d+ broke off: /);
  });

  it('gives up on a server that stays silent, then tries the next', async () => {
    const silent = new ApiClient(hang.url, 't', { timeoutMs: 150 });
    const err = await failureOf(silent.call('GET', '/v1/echo', echo));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('no answer within 0.15s');
    const next = new ApiClient(`${hang.url},${api.url}`, 't', { timeoutMs: 150 });
    expect((await next.call('GET', '/v1/echo', echo)).ok).toBe(true);
    expect(next.server).toBe(api.url);
  });
});
