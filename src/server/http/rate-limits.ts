/**
 * Rate limits (DESIGN §2.6), all counted by @fastify/rate-limit. A route
 * declares its limit in the route table; past it the caller gets 429 with
 * `Retry-After`. Failed token checks are counted per address, so tokens cannot
 * be guessed at speed: past the limit the address is held back, whatever the
 * token, until the window ends. Counters live in each node's memory: with
 * several nodes a caller may get up to that many times the limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DeskError } from '../../core/errors.js';
import type { RateLimit } from './route.js';

/** File uploads (ticket attachments, chat files): per caller on each upload route. */
export const UPLOAD_RATE_LIMIT: RateLimit = { max: 30, windowMs: 60_000 };
/** Chat messages: per sender on each message route (20 a second on average, at most 60 at once). */
export const MESSAGE_RATE_LIMIT: RateLimit = { max: 60, windowMs: 3_000 };
/** Failed token checks per address. */
export const FAILED_AUTH_LIMIT: RateLimit = { max: 30, windowMs: 60_000 };

/** Who a request counts against: the technician, else the customer, else the address. */
function callerKey(request: FastifyRequest): string {
  if (request.actor) return `technician:${request.actor.id}`;
  if (request.customer) return `customer:${request.customer.contactId}`;
  return `ip:${request.ip}`;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function tooMany(retryAfterSeconds: number): DeskError {
  return new DeskError('rate_limited', `too many requests; try again in ${retryAfterSeconds}s`);
}

/** The route config the limiter reads for a declared limit. */
export const limitConfig = (limit: RateLimit) => ({ max: limit.max, timeWindow: limit.windowMs });

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // After authentication (onRequest), so limits count per caller; before the body is read.
    hook: 'preParsing',
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) => tooMany(seconds(context.ttl)),
  });
}

export interface FailedAuthGuard {
  /** Seconds the request's address must wait, or undefined when it is not held back. */
  heldBack(request: FastifyRequest): number | undefined;
  /** Counts a failed token check; answers the seconds to wait once the address is over the limit. */
  failed(request: FastifyRequest): Promise<number | undefined>;
}

export function failedAuthGuard(app: FastifyInstance, limit: RateLimit = FAILED_AUTH_LIMIT): FailedAuthGuard {
  const count = app.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request) => request.ip,
  });
  /** Addresses over the limit, with the end of their window. */
  const until = new Map<string, number>();
  return {
    heldBack(request) {
      const end = until.get(request.ip);
      if (end === undefined) return undefined;
      const left = end - Date.now();
      if (left > 0) return seconds(left);
      until.delete(request.ip);
      return undefined;
    },
    async failed(request) {
      const result = await count(request);
      if (result.isAllowed || !result.isExceeded) return undefined;
      if (until.size > 10_000) until.clear();
      until.set(request.ip, Date.now() + result.ttl);
      return seconds(result.ttl);
    },
  };
}
