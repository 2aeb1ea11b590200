/**
 * Rate limits (DESIGN §2.6), all counted by @fastify/rate-limit. A route
 * declares its limit in the route table; past it the caller gets 429 with
 * `Retry-After`. Failed token checks are counted per client address (the
 * `X-Forwarded-For` one behind a trusted proxy; an IPv6 client's /64) and per
 * presented token, so tokens cannot be guessed at speed: past the limit further
 * bad tokens from that address, or that token from anywhere, answer 429 until
 * the window ends. A valid token always gets through. Counters live in each
 * node's memory: with several nodes a caller may get up to that many times the
 * limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DeskError } from '../../core/errors.js';
import type { RateLimit } from './route.js';
import { hashToken } from '../services/tokens.js';

/** File uploads (ticket attachments, chat files): per caller on each upload route. */
export const UPLOAD_RATE_LIMIT: RateLimit = { max: 30, windowMs: 60_000 };
/** Chat messages: per sender on each message route (20 a second on average, at most 60 at once). */
export const MESSAGE_RATE_LIMIT: RateLimit = { max: 60, windowMs: 3_000 };
/** Failed token checks per client address and per presented token. */
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
  /**
   * Counts a failed token check against the client's address and the token it presented; answers
   * the seconds to wait when either is over the limit, else undefined. A valid token is never
   * counted or held back, whatever others sent from the same address.
   */
  failed(request: FastifyRequest, token: string | undefined): number | undefined;
}

/** What failures count against for an address: the address itself, an IPv6 client its /64. */
function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return `ip:${v4[1]}`;
  if (!ip.includes(':')) return `ip:${ip}`;
  // Expand `::` so the first four groups are the network.
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Fixed windows of failures per key, in memory; expired keys are dropped before the map grows past its bound. */
class FailureWindows {
  private readonly windows = new Map<string, { count: number; end: number }>();
  constructor(
    private readonly limit: RateLimit,
    private readonly bound = 10_000,
  ) {}

  /** Counts one failure; answers the milliseconds left in the window once the key is over the limit. */
  add(key: string, now: number): number | undefined {
    let w = this.windows.get(key);
    if (w === undefined || w.end <= now) {
      if (this.windows.size >= this.bound) this.prune(now);
      w = { count: 0, end: now + this.limit.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.limit.max ? w.end - now : undefined;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.end <= now) this.windows.delete(key);
    if (this.windows.size >= this.bound) this.windows.clear();
  }
}

export function failedAuthGuard(limit: RateLimit = FAILED_AUTH_LIMIT): FailedAuthGuard {
  const addresses = new FailureWindows(limit);
  const tokens = new FailureWindows(limit);
  return {
    failed(request, token) {
      const now = Date.now();
      const byAddress = addresses.add(addressKey(request.ip), now);
      const byToken = token ? tokens.add(`token:${hashToken(token)}`, now) : undefined;
      const wait = Math.max(byAddress ?? 0, byToken ?? 0);
      return wait > 0 ? seconds(wait) : undefined;
    },
  };
}
