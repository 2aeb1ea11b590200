/**
 * CORS on the customer API (`/v1/customer/…`) for the origins of the `web.embed-origins` setting:
 * their pages may call it with a bearer session token (never with the cookie, which SameSite=Strict
 * keeps from other sites). A preflight from any other origin is refused with 403; other requests
 * from them get no CORS headers, so the browser does not hand them the answer.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from '../../core/errors.js';
import { CSRF_HEADER } from './customer-cookie.js';
import { ownOrigin, type EmbedOrigins } from './web-origins.js';

const PREFIX = '/v1/customer/';
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const HEADERS = `authorization, content-type, ${CSRF_HEADER}`;
const EXPOSED = 'content-disposition, retry-after, x-desk-seq';

const customerApi = (request: FastifyRequest) => request.url.startsWith(PREFIX);

/** The request's `Origin` when it is another site allowed to embed the portal. */
async function embedder(request: FastifyRequest, origins: EmbedOrigins): Promise<string | undefined> {
  const origin = request.headers.origin?.toLowerCase();
  if (origin === undefined || origin === ownOrigin(request)) return undefined;
  return (await origins.list()).includes(origin) ? origin : undefined;
}

export function registerCustomerCors(app: FastifyInstance, origins: EmbedOrigins): void {
  app.options(`${PREFIX}*`, { config: { auth: 'public' } }, async (request, reply) => {
    const origin = await embedder(request, origins);
    if (origin === undefined) throw forbidden('this origin may not call the customer API (see web.embed-origins)');
    return reply
      .status(204)
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', METHODS)
      .header('access-control-allow-headers', HEADERS)
      .header('access-control-max-age', '600')
      .header('vary', 'Origin')
      .send();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!customerApi(request) || request.method === 'OPTIONS' || request.headers.origin === undefined) return payload;
    reply.header('vary', 'Origin');
    const origin = await embedder(request, origins);
    if (origin !== undefined) {
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED);
    }
    return payload;
  });
}
