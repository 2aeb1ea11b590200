/**
 * Rate limits (DESIGN §2.6). Routes that send messages, upload files or ask
 * for identity codes declare a limit in their route definition; past it the
 * caller gets 429 with `Retry-After`. Failed token checks are limited per
 * address, so tokens cannot be guessed at speed. Counters live in each node's
 * memory: with several nodes a caller may get up to that many times the limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DeskError } from '../../core/errors.js';

/** Who a request counts against: the technician, else the customer session, else the address. */
function callerKey(request: FastifyRequest): string {
  if (request.actor) return `technician:${request.actor.id}`;
  const auth = request.headers.authorization;
  if (auth) return `bearer:${auth.slice(-16)}`;
  return `ip:${request.ip}`;
}

export function tooMany(retryAfterSeconds: number): DeskError {
  return new DeskError('rate_limited', `too many requests; try again in ${retryAfterSeconds}s`);
}

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // After authentication, so limits count per technician rather than per address.
    hook: 'preHandler',
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) => tooMany(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

/** Counts failed token checks per address in a fixed window. */
export class FailedAuthLimiter {
  private readonly counts = new Map<string, { n: number; resetAt: number }>();
  private readonly max: number;
  private readonly windowMs: number;

  constructor(max = 30, windowMs = 60_000) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /** Seconds to wait when `ip` is over the limit, else undefined. */
  blocked(ip: string, now = Date.now()): number | undefined {
    const entry = this.counts.get(ip);
    if (!entry || entry.resetAt <= now || entry.n < this.max) return undefined;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  failed(ip: string, now = Date.now()): void {
    const entry = this.counts.get(ip);
    if (!entry || entry.resetAt <= now) {
      if (this.counts.size > 10_000) this.counts.clear();
      this.counts.set(ip, { n: 1, resetAt: now + this.windowMs });
    } else entry.n += 1;
  }
}

/** Limits per caller, by what they do. */
export const UPLOAD_RATE_LIMIT = { max: 30, windowMs: 60_000 } as const;
export const MESSAGE_RATE_LIMIT = { max: 120, windowMs: 60_000 } as const;
export const IDENTITY_CODE_RATE_LIMIT = { max: 5, windowMs: 10 * 60_000 } as const;
