/**
 * `desk server` serves the customer web app from its build folder: the page for the app's paths with
 * a strict Content-Security-Policy and no caching, hashed assets cached for a year and compressed,
 * the widget briefly cached; the API's paths unaffected; CORS on the customer API for the embedding
 * origins of `web.embed-origins` only; and a plain 404 page when nothing is built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalDesk } from '../helpers/portal.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head></html>';
const APP_JS = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word${i}`))};\n`;
const WIDGET = '(function(){/* widget */})();\n';
const PRE_BR = brotliCompressSync(APP_JS);
const PRE_GZ = gzipSync(APP_JS, { level: 9 });

const CSP_NONE =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** A raw GET that keeps the body as sent (fetch would decode it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the customer web app served by desk server (SQLite)', () => {
  let d: PortalDesk;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'desk-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'assets', 'app-1a2b3c.js'), APP_JS);
    writeFileSync(join(root, 'widget.js'), WIDGET);
    // An asset as the build writes it: with its compressed copies beside it.
    writeFileSync(join(root, 'assets', 'app-9z8y7x.js'), APP_JS);
    writeFileSync(join(root, 'assets', 'app-9z8y7x.js.br'), PRE_BR);
    writeFileSync(join(root, 'assets', 'app-9z8y7x.js.gz'), PRE_GZ);
    d = await PortalDesk.start('sqlite', { webRoot: root });
  });
  afterAll(async () => {
    await d?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the page for the app paths with the CSP, no caching, nosniff and no referrer; the API paths as before', async () => {
    for (const path of ['/', '/join', '/join/AbC123', '/chat', '/tickets', '/tickets/42', '/settings']) {
      const res = await d.fetch('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.body, path).toBe(INDEX);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(CSP_NONE);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    // The API beside it is as it was: JSON answers and JSON 404s, not compressed, not the page.
    const health = await d.fetch('GET', '/healthz', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/json/);
    const api = await rawGet(`${d.url}/openapi.json`, { 'accept-encoding': 'br, gzip' });
    expect(api.headers['content-encoding']).toBeUndefined();
    const headers = { authorization: `Bearer ${d.adminToken}` };
    const missing = await d.fetch('GET', '/v1/nothing-here', { headers });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'no such path: GET /v1/nothing-here' } });
    expect((await d.fetch('GET', '/v1', { headers })).status).toBe(404);
    expect((await d.fetch('GET', '/v1/customer/nothing', { headers })).status).toBe(404);
  });

  it('caches hashed assets for a year and compresses them with br or gzip; the widget briefly', async () => {
    const url = `${d.url}/assets/app-1a2b3c.js`;
    const br = await rawGet(url, { 'accept-encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(APP_JS.length);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);
    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);
    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
    const widget = await d.fetch('GET', '/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.body).toBe(WIDGET);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect(widget.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await d.fetch('GET', '/assets/app-missing.js')).status).toBe(404);
  });

  it('sends the compressed copies the build wrote as they are, and says the answer varies by encoding', async () => {
    const url = `${d.url}/assets/app-9z8y7x.js`;
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['vary']).toBe('accept-encoding');
    expect(br.body.equals(PRE_BR)).toBe(true);
    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.equals(PRE_GZ)).toBe(true);
    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
    const compressedNow = await rawGet(`${d.url}/assets/app-1a2b3c.js`, { 'accept-encoding': 'br' });
    expect(compressedNow.headers['vary']).toBe('accept-encoding');
    for (const copy of ['/assets/app-9z8y7x.js.br', '/assets/app-9z8y7x.js.gz'])
      expect((await rawGet(`${d.url}${copy}`, {})).status).toBe(404);
  });

  it('lets the embedding origins of web.embed-origins frame the page and call the customer API (CORS), no other', async () => {
    const preflight = (origin: string) =>
      d.fetch('OPTIONS', '/v1/customer/me', {
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    expect((await preflight('https://acme.example')).status).toBe(403);
    await d.setting('web.embed-origins', 'https://acme.example, https://shop.example:8443');
    const page = await d.fetch('GET', '/');
    expect(page.headers.get('content-security-policy')).toContain(
      'frame-ancestors https://acme.example https://shop.example:8443;',
    );
    const ok = await preflight('https://acme.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://acme.example');
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-desk-csrf');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const asked = await d.fetch('GET', '/v1/customer/me', { headers: { origin: 'https://shop.example:8443' } });
    expect(asked.status).toBe(401);
    expect(asked.headers.get('access-control-allow-origin')).toBe('https://shop.example:8443');
    // The embedding page may read the sequence a read was made at, to follow the stream from there.
    expect(asked.headers.get('access-control-expose-headers')).toContain('x-desk-seq');
    const other = await d.fetch('GET', '/v1/customer/me', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const bad = await d.fetch('PUT', '/v1/settings', {
      headers: { authorization: `Bearer ${d.adminToken}` },
      body: { key: 'web.embed-origins', value: 'https://acme.example/path' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('scheme, host and port only');
  });
});

describe('desk server without a web build (SQLite)', () => {
  let d: PortalDesk;
  let root: string;
  beforeAll(async () => {
    root = join(mkdtempSync(join(tmpdir(), 'desk-web-')), 'absent');
    d = await PortalDesk.start('sqlite', { webRoot: root });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('answers / with a plain 404 page that says the web app is not built, and the API still works', async () => {
    const res = await d.fetch('GET', '/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toContain('The customer web app is not built');
    expect(res.headers.get('content-security-policy')).toBe(CSP_NONE);
    expect((await d.fetch('GET', '/healthz')).status).toBe(200);
  });
});
