/**
 * Authentication by the route table: every route declares who may call it
 * (`auth` in its config), and one onRequest hook checks the token of that kind
 * before anything else runs. Failed checks count against the address.
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
  }
}

/** The bearer token of a request (header, or `?token=` for WebSockets). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/** The fastify route config for a route's declared access. */
export const accessConfig = (access: Access) => ({
  auth: access.auth,
  ...(access.rateLimit ? { rateLimit: limitConfig(access.rateLimit) } : {}),
});

/**
 * Adds the hook, and refuses to register a route that does not declare who may
 * call it. A request that matches no route is treated as a technician's.
 */
export function registerAuth(app: FastifyInstance, store: Store): void {
  const guard = failedAuthGuard(app);
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
    const wait = guard.heldBack(request);
    if (wait !== undefined) {
      reply.header('retry-after', String(wait));
      throw tooMany(wait);
    }
    try {
      if (auth === 'customer') request.customer = await authenticateCustomer(store.db, bearerToken(request));
      else request.actor = await authenticate(store.db, bearerToken(request));
    } catch (err) {
      if (!isDeskError(err) || err.code !== 'unauthenticated') throw err;
      const over = await guard.failed(request);
      if (over === undefined) throw err;
      reply.header('retry-after', String(over));
      throw tooMany(over);
    }
  });
}
