/**
 * Builds the HTTP API and event stream without listening, so tests can inject
 * requests and `start` can listen.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { Store } from '../store/store.js';
import type { EventHub } from '../events/hub.js';
import type { Actor } from '../services/actor.js';
import type { RouteDef } from './route.js';
import { authenticate } from '../services/people.js';
import { ticketRoutes } from './routes/tickets.js';
import { registerUploadParser, ticketResourceRoutes } from './routes/ticket-resources.js';
import { ticketSettingsRoutes } from './routes/ticket-settings.js';
import { peopleRoutes } from './routes/people.js';
import { registerEventsRoute } from './events-route.js';
import { openApiDocument } from './openapi.js';
import { isDeskError } from '../../core/errors.js';
import { FailedAuthLimiter, registerRateLimits, tooMany } from './rate-limits.js';
import { describeValidationError, isValidationError } from '../../core/validation.js';
import type { ServerClock } from '../clock.js';
import type { DeadlineSweeper } from '../deadlines/sweeper.js';
import { testClockRoutes } from './routes/test-clock.js';
import { timeRoutes } from './routes/time.js';
import { settingsRoutes } from './routes/settings.js';
import { chatRoutes } from './routes/chat.js';
import { customerRoutes } from './routes/customer.js';
import { customerTicketRoutes } from './routes/customer-tickets.js';
import { registerCustomerEvents } from './chat-http.js';

export interface AppDeps {
  readonly store: Store;
  readonly hub: EventHub;
  readonly clock: ServerClock;
  readonly sweeper: DeadlineSweeper;
  readonly version: string;
  /** Writes one log line (already masked by the caller's logger). */
  readonly log: (line: string) => void;
  readonly heartbeatMs?: number;
  /** This node's name, reported by the health checks. */
  readonly nodeName?: string;
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

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  await registerRateLimits(app);
  const failedAuth = new FailedAuthLimiter();

  const routes: RouteDef[] = [
    ...ticketRoutes(deps.store),
    ...ticketResourceRoutes(deps.store),
    ...ticketSettingsRoutes(deps.store),
    ...peopleRoutes(deps.store, deps.hub),
    ...timeRoutes(deps.store),
    ...settingsRoutes(deps.store),
    ...chatRoutes(deps.store),
    ...customerRoutes(deps.store),
    ...customerTicketRoutes(deps.store),
    ...testClockRoutes(deps.clock, deps.sweeper),
  ];
  const publicPaths = new Set(['/healthz', '/readyz', '/openapi.json']);

  registerUploadParser(app);
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Customer routes authenticate customer sessions themselves.
    if (publicPaths.has(path) || path.startsWith('/v1/customer/')) return;
    const wait = failedAuth.blocked(request.ip);
    if (wait !== undefined) {
      reply.header('retry-after', String(wait));
      throw tooMany(wait);
    }
    try {
      request.actor = await authenticate(deps.store.db, bearer(request));
    } catch (err) {
      failedAuth.failed(request.ip);
      throw err;
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const who = request.actor ? request.actor.tokenPrefix : '-';
    deps.log(
      `${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${who}`,
    );
  });

  app.setErrorHandler((err, request, reply) => {
    if (isDeskError(err)) {
      return reply
        .status(err.httpStatus)
        .send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
    if (isValidationError(err)) {
      const { message, field } = describeValidationError(err);
      return reply.status(400).send({ error: { code: 'invalid', message, ...(field ? { field } : {}) } });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'invalid', message: (err as Error).message } });
    }
    deps.log(`error ${request.method} ${request.url.split('?')[0]}: ${(err as Error).stack ?? String(err)}`);
    return reply.status(500).send({ error: { code: 'internal', message: 'internal server error' } });
  });

  app.get('/healthz', async () => ({ ok: true, node: deps.nodeName ?? null }));
  app.get('/readyz', async (_request, reply) => {
    const state = await deps.store.ready();
    const ok = state.database && state.migrations;
    return reply.status(ok ? 200 : 503).send({ ok, node: deps.nodeName ?? null, ...state });
  });
  const doc = openApiDocument(routes, deps.version);
  app.get('/openapi.json', async () => doc);

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      ...(r.bodyLimit !== undefined ? { bodyLimit: r.bodyLimit } : {}),
      ...(r.rateLimit ? { config: { rateLimit: { max: r.rateLimit.max, timeWindow: r.rateLimit.windowMs } } } : {}),
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
  registerCustomerEvents(app, deps.store, deps.hub, { heartbeatMs: deps.heartbeatMs ?? 15_000 });
  return app;
}
