/**
 * Authentication by the route table: every route declares who may call it
 * (`auth` in its config), and one onRequest hook checks the token of that kind
 * before anything else runs. Failed checks count against the client's address
 * and the token presented; a valid token is never held back by them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { Actor } from '../services/actor.js';
import { authenticate } from '../services/people.js';
import { authenticateCustomer, type CustomerActor } from '../services/chat/customers.js';
import { isDeskError } from '../../core/errors.js';
import { AUTHS, type Access, type Auth } from './route.js';
import { failedAuthGuard, limitConfig, tooMany } from './rate-limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The technician on technician routes. */
    actor: Actor;
    /** The customer on customer routes. */
    customer: CustomerActor;
  }
  interface FastifyContextConfig {
    auth?: Auth;
    /** A WebSocket stream: its upgrade may carry the token as `?token=` (browsers cannot set headers). */
    queryToken?: boolean;
  }
}

/**
 * The bearer token of a request: the `Authorization` header (scheme case-insensitive, RFC 6750),
 * or `?token=` on the upgrade of a WebSocket stream only, so tokens stay out of REST URLs and logs.
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  if (header) return header[1];
  if (!request.ws || request.routeOptions.config?.queryToken !== true) return undefined;
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/** The fastify route config for a route's declared access; a stream (no method) takes `?token=`. */
export const accessConfig = (access: Access & { readonly method?: string }) => ({
  auth: access.auth,
  ...(access.method === undefined ? { queryToken: true } : {}),
  ...(access.rateLimit ? { rateLimit: limitConfig(access.rateLimit) } : {}),
});

/**
 * Adds the hook, and refuses to register a route that does not declare who may
 * call it. A request that matches no route is treated as a technician's.
 */
export function registerAuth(app: FastifyInstance, store: Store): void {
  const guard = failedAuthGuard();
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('customer', null as unknown as CustomerActor);
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    if (auth === undefined || !AUTHS.includes(auth)) {
      throw new Error(`${route.method} ${route.url} does not declare who may call it`);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const auth = request.routeOptions.config?.auth ?? 'technician';
    if (auth === 'public') return;
    const token = bearerToken(request);
    try {
      if (auth === 'customer') request.customer = await authenticateCustomer(store.db, token);
      else request.actor = await authenticate(store.db, token);
    } catch (err) {
      if (!isDeskError(err) || err.code !== 'unauthenticated') throw err;
      const over = guard.failed(request, token);
      if (over === undefined) throw err;
      reply.header('retry-after', String(over));
      throw tooMany(over);
    }
  });
}
