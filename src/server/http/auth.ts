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
import { forbidden, isDeskError } from '../../core/errors.js';
import { CUSTOMER_COOKIE, checkCsrf, clearSessionCookie, cookieValue } from './customer-cookie.js';
import { embedOrigins } from './web-origins.js';
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
 * The token a request presents: the `Authorization` header (scheme case-insensitive, RFC 6750),
 * or `?token=` on the upgrade of a WebSocket stream only, so tokens stay out of REST URLs and logs;
 * on a customer route without either, the browser's session cookie.
 */
function presentedToken(request: FastifyRequest): { token: string; cookie: boolean } | undefined {
  const header = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  if (header?.[1]) return { token: header[1], cookie: false };
  const config = request.routeOptions.config;
  if (request.ws && config?.queryToken === true) {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string') return { token, cookie: false };
  }
  if (config?.auth !== 'customer') return undefined;
  const cookie = cookieValue(request, CUSTOMER_COOKIE);
  return cookie === undefined ? undefined : { token: cookie, cookie: true };
}

/** The token of a request (header, a stream's `?token=`, or a customer's session cookie). */
export function bearerToken(request: FastifyRequest): string | undefined {
  return presentedToken(request)?.token;
}

/** Whether the request is signed in by the customer's session cookie (not a token it sent). */
export function signedInByCookie(request: FastifyRequest): boolean {
  return presentedToken(request)?.cookie === true;
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
  const origins = embedOrigins(store.db);
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
    const presented = presentedToken(request);
    const token = presented?.token;
    if (presented?.cookie) {
      checkCsrf(request);
      // A page of another site may open a WebSocket with the user's cookie: only ours and embedders may.
      if (request.ws && !(await origins.allowed(request))) {
        throw forbidden('this page may not open the customer event stream (Origin not allowed)');
      }
    }
    try {
      if (auth === 'customer') request.customer = await authenticateCustomer(store.db, token);
      else request.actor = await authenticate(store.db, token);
    } catch (err) {
      if (!isDeskError(err) || err.code !== 'unauthenticated') throw err;
      if (presented?.cookie) clearSessionCookie(request, reply);
      const over = guard.failed(request, token);
      if (over === undefined) throw err;
      reply.header('retry-after', String(over));
      throw tooMany(over);
    }
  });
}
