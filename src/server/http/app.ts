/**
 * Builds the HTTP API and event stream without listening, so tests can inject
 * requests and `start` can listen.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import { ZodError } from 'zod';
import type { Store } from '../store/store.js';
import type { EventHub } from '../events/hub.js';
import type { Actor } from '../services/actor.js';
import type { RouteDef } from './route.js';
import { authenticate } from '../services/people.js';
import { ticketRoutes } from './routes/tickets.js';
import { peopleRoutes } from './routes/people.js';
import { registerEventsRoute } from './events-route.js';
import { openApiDocument } from './openapi.js';
import { DeskError } from '../../core/errors.js';
import type { ServerClock } from '../clock.js';
import type { DeadlineSweeper } from '../deadlines/sweeper.js';
import { testClockRoutes } from './routes/test-clock.js';

export interface AppDeps {
  readonly store: Store;
  readonly hub: EventHub;
  readonly clock: ServerClock;
  readonly sweeper: DeadlineSweeper;
  readonly version: string;
  /** Writes one log line (already masked by the caller's logger). */
  readonly log: (line: string) => void;
  readonly heartbeatMs?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

function zodMessage(err: ZodError): { message: string; field: string | undefined } {
  const issue = err.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid input';
  return { message, field };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });

  const routes: RouteDef[] = [
    ...ticketRoutes(deps.store),
    ...peopleRoutes(deps.store, deps.hub),
    ...testClockRoutes(deps.clock, deps.sweeper),
  ];
  const publicPaths = new Set(['/healthz', '/openapi.json']);

  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (publicPaths.has(path)) return;
    request.actor = await authenticate(deps.store.db, bearer(request));
  });
  app.addHook('onResponse', async (request, reply) => {
    const who = request.actor ? request.actor.tokenPrefix : '-';
    deps.log(
      `${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${who}`,
    );
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof DeskError) {
      return reply
        .status(err.httpStatus)
        .send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
    if (err instanceof ZodError) {
      const { message, field } = zodMessage(err);
      return reply.status(400).send({ error: { code: 'invalid', message, ...(field ? { field } : {}) } });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'invalid', message: (err as Error).message } });
    }
    deps.log(`error ${request.method} ${request.url.split('?')[0]}: ${(err as Error).stack ?? String(err)}`);
    return reply.status(500).send({ error: { code: 'internal', message: 'internal server error' } });
  });

  app.get('/healthz', async () => ({ ok: true }));
  const doc = openApiDocument(routes, deps.version);
  app.get('/openapi.json', async () => doc);

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (request, reply) => {
        const result = await r.handler({
          actor: request.actor,
          params: request.params as Record<string, string>,
          query: (request.query ?? {}) as Record<string, unknown>,
          body: request.body ?? {},
          request,
          reply,
        });
        reply.status(r.status ?? 200);
        return result;
      },
    });
  }

  registerEventsRoute(app, deps.store, deps.hub, { heartbeatMs: deps.heartbeatMs ?? 15_000 });
  return app;
}
