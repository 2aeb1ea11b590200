/**
 * The customer web app, served from the built `dist/web/` beside the API: the page (`index.html`)
 * for `/`, `/join…`, `/chat…`, `/tickets…` and any other one-segment path without an extension, the
 * hashed assets (cached for a year), `widget.js` (cached briefly) and the other top-level files;
 * compressed (br or gzip) when the browser takes it — the files as the build compressed them, a page
 * with a customer's data per answer. Every HTML answer carries a
 * Content-Security-Policy without inline script or style, `frame-ancestors` from the
 * `web.embed-origins` setting. For a customer signed in by the session cookie the page carries
 * their data (portal-boot.ts) and is never cached. Without a build, `/` answers a plain 404 page
 * that says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { EmbedOrigins } from './web-origins.js';
import type { PortalBoot } from '../../core/portal-boot.js';
import { withBoot } from './portal-boot.js';

const NO_CACHE = 'no-cache';
/** A page that carries the customer's own data. */
const PRIVATE = 'private, no-store';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

/** The page's paths besides `/` (each also with anything under it). */
const PAGE_PREFIXES = ['join', 'chat', 'tickets'];
/** The build's compressed copies (NAME.br, NAME.gz): sent in place of NAME, never by their own names. */
const COMPRESSED_COPY = /\.(br|gz)$/;
/** One-segment paths that are the API's, never the page. */
const API_SEGMENTS = new Set(['v1']);

export function contentSecurityPolicy(embedders: readonly string[]): string {
  const ancestors = embedders.length > 0 ? embedders.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    `frame-ancestors ${ancestors}`,
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The `dist/web` of the installed package: found from this module (source or bundle) or the program. */
export function defaultWebRoot(): string {
  const starts = [
    typeof __dirname === 'string' ? __dirname : undefined,
    process.argv[1] ? dirname(process.argv[1]) : undefined,
    process.cwd(),
  ];
  for (const start of starts) {
    for (let dir = start; dir !== undefined;) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest) && isDeskline(manifest)) return join(dir, 'dist', 'web');
      const up = dirname(dir);
      dir = up === dir ? undefined : up;
    }
  }
  return resolve('dist', 'web');
}

function isDeskline(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'deskline';
  } catch {
    return false;
  }
}

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deskline: web app not built</title></head>
<body><h1>The customer web app is not built</h1>
<p>This server has no <code>dist/web/index.html</code>. Run <code>npm run build</code> and start <code>desk server</code> again.
The API is served as usual under <code>/v1/</code>.</p></body></html>
`;

/** Reads the page data of the customer signed in by the request's cookie (none without one). */
export type BootReader = (request: FastifyRequest) => Promise<PortalBoot | undefined>;

export async function registerWebApp(
  app: FastifyInstance,
  root: string,
  origins: EmbedOrigins,
  boot: BootReader,
): Promise<void> {
  await app.register(async (web) => {
    // Inside this plugin only: API answers keep their own encoding.
    await web.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
    // Files the build compressed (NAME.br, NAME.gz) go as they are; the rest is compressed per answer.
    await web.register(fastifyStatic, { root, serve: false, cacheControl: false, index: false, preCompressed: true });

    // Every answer may come in another encoding for another browser: caches keep them apart.
    const common = (reply: FastifyReply, cacheControl: string) =>
      reply
        .header('cache-control', cacheControl)
        .header('vary', 'accept-encoding')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer');
    const html = async (reply: FastifyReply, file: string) => {
      common(reply, NO_CACHE).header('content-security-policy', contentSecurityPolicy(await origins.list()));
      if (existsSync(join(root, file))) return reply.sendFile(file);
      return reply.status(404).type('text/html; charset=utf-8').send(MISSING_PAGE);
    };
    /** The portal's page; for a customer signed in by the cookie, with their data in it. */
    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const data = request.url.startsWith('/join/') ? undefined : await boot(request);
      if (data === undefined || !existsSync(join(root, 'index.html'))) return html(reply, 'index.html');
      const text = withBoot(await readFile(join(root, 'index.html'), 'utf8'), data);
      common(reply, PRIVATE).header('content-security-policy', contentSecurityPolicy(await origins.list()));
      return reply.type('text/html; charset=utf-8').send(text);
    };
    const config = { auth: 'public' as const };

    web.get('/', { config }, page);
    for (const prefix of PAGE_PREFIXES) {
      web.get(`/${prefix}`, { config }, page);
      web.get(`/${prefix}/*`, { config }, page);
    }
    web.get('/assets/*', { config }, (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      if (COMPRESSED_COPY.test(path)) return reply.callNotFound();
      return common(reply, IMMUTABLE).sendFile(`assets/${path}`);
    });
    web.get('/:file', { config }, (request, reply) => {
      const file = (request.params as { file: string }).file;
      if (API_SEGMENTS.has(file) || COMPRESSED_COPY.test(file)) return reply.callNotFound();
      if (extname(file) === '') return page(request, reply);
      if (extname(file) === '.html') return html(reply, file);
      return common(reply, file === 'widget.js' ? SHORT : NO_CACHE).sendFile(file);
    });
  });
}
