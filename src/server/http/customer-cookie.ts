/**
 * The customer session of a browser: an HttpOnly, SameSite=Strict cookie (Secure when the request
 * came over HTTPS, directly or through a trusted proxy), so page scripts never hold the token. A
 * request authenticated by the cookie that changes something must carry `X-Desk-CSRF: 1`, a header
 * another site's form or script cannot send without a CORS preflight the server refuses.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeskError } from '../../core/errors.js';

export const CUSTOMER_COOKIE = 'desk_customer';
export const CSRF_HEADER = 'x-desk-csrf';

/** The value of one cookie in the request's `Cookie` header, if sent. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAge?: number): string {
  return [
    `${CUSTOMER_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(maxAge !== undefined ? [`Max-Age=${maxAge}`] : []),
    ...(request.protocol === 'https' ? ['Secure'] : []),
  ].join('; ');
}

/** Puts a customer session token in the cookie (a browser session cookie: it ends with the browser). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header('set-cookie', cookie(request, token));
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(request, '', 0));
}

/** Refuses a state-changing request authenticated by the cookie alone without the CSRF header. */
export function checkCsrf(request: FastifyRequest): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  if (request.headers[CSRF_HEADER] === '1') return;
  throw new DeskError('csrf', 'a request signed in by the session cookie must send the header X-Desk-CSRF: 1');
}
