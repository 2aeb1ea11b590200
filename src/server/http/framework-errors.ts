/**
 * The answers fastify and Node give before a route runs, in the API's error schema
 * (`{"error":{"code","message"}}`): a path parameter too long (414), header fields too large (431),
 * a malformed request line or URL (400), no such path (404), and a known path asked with a method it
 * does not have (405, with `Allow`).
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Method } from './route.js';

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** fastify's `frameworkErrors` option: a bad URL component (400) or a parameter too long (414). */
export function frameworkErrors(err: Error & { statusCode?: number }, _request: FastifyRequest, reply: FastifyReply) {
  const status = err.statusCode === 414 ? 414 : 400;
  const message = status === 414 ? 'the URL is too long' : 'the URL is malformed';
  void reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody('invalid', message));
}

/** fastify's `clientErrorHandler`: what Node refuses before fastify sees a request (431, 408, 400). */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy(err);
    return;
  }
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request header fields are too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request took too long']
        : [400, 'the request is malformed'];
  const body = errorBody('invalid', message);
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

/** A matcher for a route URL such as `/v1/tickets/:id/comments`. */
function urlPattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Answers unmatched requests: 405 with `Allow` when the path is known under other methods, else 404;
 * both in the error schema.
 */
export function registerNotFound(app: FastifyInstance, routes: readonly { method: Method; url: string }[]): void {
  const patterns = routes.map((r) => ({ method: r.method, pattern: urlPattern(r.url) }));
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))].sort();
    if (allowed.length > 0 && !allowed.includes(request.method as Method)) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send({
          error: { code: 'invalid', message: `${request.method} is not allowed here (allowed: ${allowed.join(', ')})` },
        });
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `no such path: ${request.method} ${path}` } });
  });
}
