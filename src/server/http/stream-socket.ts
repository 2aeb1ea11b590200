/**
 * What both event streams (`/v1/events` for technicians, `/v1/customer/events`
 * for customers) do with a socket: parse `?since=`, replay and then stream
 * through the hub what the caller may see, drop slow consumers (they reconnect
 * and resume), and find dead connections with ping/pong heartbeats.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { WebSocket } from 'ws';
import type { EventHub, HubEvent } from '../events/hub.js';

/** A slow consumer holding more than this unsent is dropped; it reconnects and resumes. */
const MAX_BUFFERED = 16 * 1024 * 1024;

/** The query both streams take (for the OpenAPI document); `token` is for clients that cannot send headers. */
export const streamQuery = z.object({
  since: z.optional(z.number().check(z.int(), z.nonnegative())),
  token: z.optional(z.string()),
});

export type Visibility = (event: HubEvent) => boolean;

function parseSince(raw: unknown): number | undefined {
  if (raw === undefined) return 0;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Returns `serve(socket, since, visibility, onError)` for one stream route;
 * its sockets share a heartbeat and are closed when the server closes.
 */
export function streamServer(app: FastifyInstance, hub: EventHub, heartbeatMs: number) {
  const sockets = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const socket of sockets) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, heartbeatMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });

  return function serve(
    socket: WebSocket,
    rawSince: unknown,
    visibility: () => Promise<Visibility>,
    onError: (err: unknown) => void,
  ): void {
    const since = parseSince(rawSince);
    if (since === undefined) {
      socket.send(JSON.stringify({ type: 'error', message: 'since must be a non-negative integer' }));
      socket.close(1008, 'invalid since');
      return;
    }
    sockets.add(socket);
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    let closed = false;
    let unsubscribe: (() => void) | undefined;
    socket.on('close', () => {
      closed = true;
      sockets.delete(socket);
      unsubscribe?.();
    });
    // Incoming messages are not part of the protocol; ignore them.
    socket.on('message', () => {});
    void (async () => {
      const visible = await visibility();
      unsubscribe = await hub.subscribe(
        {
          visible,
          closed: () => closed,
          send: (message) => {
            if (socket.bufferedAmount > MAX_BUFFERED) {
              socket.terminate();
              return;
            }
            socket.send(message);
          },
        },
        since,
      );
      if (closed) unsubscribe();
    })().catch((err: unknown) => {
      onError(err);
      socket.close(1011, 'internal error');
    });
  };
}
