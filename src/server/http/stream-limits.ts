/**
 * At most {@link MAX_STREAMS_PER_TOKEN} event streams open at once per token (technician API token
 * or customer session), on each node: one more is refused before the upgrade with 429, in the error
 * schema and with `Retry-After`, so one token cannot tie up the node with replays. A stream counts
 * until its connection closes.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeskError } from '../../core/errors.js';
import { bearerToken } from './auth.js';

/** Concurrent event streams one token may hold on a node (the TUI needs one; `watch` commands one each). */
export const MAX_STREAMS_PER_TOKEN = 10;

const keyOf = (request: FastifyRequest): string =>
  createHash('sha256')
    .update(bearerToken(request) ?? '')
    .digest('base64url');

/** Counts the streams of each token on the given stream URLs and refuses one past the limit. */
export function registerStreamLimits(
  app: FastifyInstance,
  urls: readonly string[],
  max: number = MAX_STREAMS_PER_TOKEN,
): void {
  const open = new Map<string, number>();
  const streamUrls = new Set(urls);
  app.addHook('preHandler', async (request, reply) => {
    // Only an upgrade opens a stream (`ws` is set by @fastify/websocket).
    if (!(request as { ws?: boolean }).ws || !streamUrls.has(request.routeOptions.url ?? '')) return;
    const key = keyOf(request);
    const count = open.get(key) ?? 0;
    if (count >= max) {
      reply.header('retry-after', '5');
      throw new DeskError('rate_limited', `at most ${max} event streams may be open at once with one token`);
    }
    open.set(key, count + 1);
    request.raw.socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
