/**
 * Builds the HTTP API and event streams from the route table without
 * listening, so tests can inject requests and `start` can listen.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { SEQ_HEADER } from '../../core/read-sequence.js';
import { errorAnswer, INTERNAL_ERROR } from './error-answer.js';
import { routeTable, type RouteTableDeps } from './route-table.js';
import { accessConfig, registerAuth } from './auth.js';
import { registerRateLimits } from './rate-limits.js';
import { registerUploadParser } from './routes/ticket-resources.js';
import { registerEventsRoute } from './events-route.js';
import { registerCustomerEvents } from './customer-events-route.js';
import { maskAnswer, masksFor } from './masking.js';
import { checkRequestInput } from './request-input.js';
import { clientErrorHandler, frameworkErrors, registerNotFound } from './framework-errors.js';
import { registerStreamLimits } from './stream-limits.js';
import { embedOrigins } from './web-origins.js';
import { registerCustomerCors } from './web-cors.js';
import { defaultWebRoot, registerWebApp } from './web-app.js';
import { portalBoot } from './portal-boot.js';

export interface AppDeps extends RouteTableDeps {
  /** Writes one log line (already masked by the caller's logger). */
  readonly log: (line: string) => void;
  readonly heartbeatMs?: number;
  /**
   * Proxies whose `X-Forwarded-For` names the client (comma-separated addresses or CIDR ranges);
   * without it the connection's address is the client's.
   */
  readonly trustProxy?: string;
  /** The built customer web app (default: the package's `dist/web`). */
  readonly webRoot?: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    forceCloseConnections: true,
    // A name of 100 characters may take three times that URL-encoded; longer parameters answer 414.
    routerOptions: { maxParamLength: 1024 },
    ...(deps.trustProxy ? { trustProxy: deps.trustProxy } : {}),
    frameworkErrors,
    clientErrorHandler,
  });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  await registerRateLimits(app);
  registerAuth(app, deps.store);
  const origins = embedOrigins(deps.store.db);
  registerCustomerCors(app, origins);
  registerUploadParser(app);

  // Every read answers the event sequence it was read at: a client that loads state can watch the
  // stream from there (every event up to it is in the answer; one after it may be too).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET') reply.header(SEQ_HEADER, String(deps.hub.head));
  });

  app.addHook('onResponse', async (request, reply) => {
    const who = request.actor?.tokenPrefix ?? request.customer?.tokenPrefix ?? '-';
    deps.log(
      `${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${who}`,
    );
  });

  app.setErrorHandler((err, request, reply) => {
    const answer = errorAnswer(err);
    const where = `${request.method} ${request.url.split('?')[0]}`;
    if (answer?.error.code === 'unavailable') deps.log(`unavailable ${where}: ${(err as Error).message}`);
    else if (!answer) deps.log(`error ${where}: ${(err as Error).stack ?? String(err)}`);
    const { status, error, retryAfter } = answer ?? INTERNAL_ERROR;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.status(status).send({ error });
  });

  const { routes, streams } = routeTable(deps);
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      config: accessConfig(r),
      ...(r.bodyLimit !== undefined ? { bodyLimit: r.bodyLimit } : {}),
      handler: async (request, reply) => {
        // The handler may set another status (a 503 from /readyz).
        reply.status(r.status ?? 200);
        checkRequestInput(request, r.query);
        const answer = await r.handler({
          actor: request.actor,
          customer: request.customer,
          params: request.params as Record<string, string>,
          query: (request.query ?? {}) as Record<string, unknown>,
          body: request.body ?? {},
          request,
          reply,
        });
        // The unmask right (DESIGN §2.5): customer data leaves masked for a technician without it.
        const masked = r.auth === 'technician' && r.customerData !== false && masksFor(request.actor);
        return masked ? maskAnswer(answer) : answer;
      },
    });
  }

  registerNotFound(app, [...routes, ...streams.map((s) => ({ method: 'GET' as const, url: s.url }))]);

  registerStreamLimits(
    app,
    streams.map((s) => s.url),
  );
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  registerEventsRoute(app, deps.store, deps.hub, { heartbeatMs });
  registerCustomerEvents(app, deps.store, deps.hub, { heartbeatMs, log: deps.log });
  await registerWebApp(app, deps.webRoot ?? defaultWebRoot(), origins, (request) =>
    portalBoot(deps.store, deps.hub, request),
  );
  return app;
}
