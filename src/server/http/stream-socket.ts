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
import type { AudienceKey } from '../events/audience.js';
import { STREAM_CLOSE_REVOKED } from '../../core/events.js';
import { isDeskError } from '../../core/errors.js';
import { isDatabaseUnavailable } from '../store/errors.js';

/** A slow consumer holding more than this unsent is dropped; it reconnects and resumes. */
export const MAX_BUFFERED = 16 * 1024 * 1024;

/** The query both streams take (for the OpenAPI document); `token` is for clients that cannot send headers. */
export const streamQuery = z.object({
  since: z.optional(z.number().check(z.int(), z.nonnegative())),
  token: z.optional(z.string()),
});

/** What one caller of a stream may receive, decided event by event in log order. */
export interface StreamAccess {
  /** Whether the caller may see the event (a grant event may widen or narrow what they see from it on). */
  visible(event: HubEvent): boolean;
  /** The keys of the events the caller may see (events/audience.ts): only those are offered to `visible`. */
  audience?(): readonly AudienceKey[];
  /** Whether the event may have ended the caller's right to the stream (token revoked, session ended). */
  mayEnd(event: HubEvent): boolean;
  /** Checks the caller's token again; false closes the stream with {@link STREAM_CLOSE_REVOKED}. */
  stillValid(): Promise<boolean>;
  /** The close reason the client shows when the token no longer holds. */
  readonly endedReason: string;
  /** The message for a visible event when not the shared one (masked for a technician without the right). */
  render?(event: HubEvent): string;
}

/** Whether an authentication check still passes (false when the token is no longer valid; other errors throw). */
export async function stillAuthenticated(authenticate: () => Promise<unknown>): Promise<boolean> {
  try {
    await authenticate();
    return true;
  } catch (err) {
    if (isDeskError(err) && err.code === 'unauthenticated') return false;
    throw err;
  }
}

/** Below this much unsent, a replaying stream takes its next page. */
const LOW_WATER = 1024 * 1024;

/**
 * Resolves once the socket has room for the next replay page, or has closed; always after the
 * event loop has turned once, so other requests (`/healthz` among them) are served between pages.
 */
async function drained(socket: WebSocket, closed: () => boolean): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const raw = (socket as unknown as { _socket?: NodeJS.EventEmitter })._socket;
  while (!closed() && raw && socket.bufferedAmount > LOW_WATER) {
    await new Promise<void>((resolve) => {
      const done = () => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
    });
  }
}

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
    accessOf: () => Promise<StreamAccess>,
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
    // The stream itself reads nothing from the client; a route may take frames of its own (the customer's sends).
    socket.on('message', () => {});
    const failed = (err: unknown) => {
      onError(err);
      // 1013 "try again later": the database is unreachable for now; the client reconnects and resumes.
      if (isDatabaseUnavailable(err)) socket.close(1013, 'database unavailable');
      else socket.close(1011, 'internal error');
    };
    const write = (message: string) => {
      if (closed) return;
      if (socket.bufferedAmount > MAX_BUFFERED) {
        socket.terminate();
        return;
      }
      socket.send(message);
    };
    // While the caller's token is checked again, what follows waits, so nothing is sent after a revocation.
    let held: string[] | undefined;
    let checkAgain = false;
    const send = (message: string) => {
      if (held) held.push(message);
      else write(message);
    };
    const check = (access: StreamAccess): void => {
      access.stillValid().then(
        (valid) => {
          if (!valid) {
            held = undefined;
            closed = true;
            socket.close(STREAM_CLOSE_REVOKED, access.endedReason);
            return;
          }
          // Another revocation arrived while this check ran: check once more before sending on.
          if (checkAgain) {
            checkAgain = false;
            check(access);
            return;
          }
          const waiting = held ?? [];
          held = undefined;
          for (const message of waiting) write(message);
        },
        (err: unknown) => {
          held = undefined;
          failed(err);
        },
      );
    };
    const recheck = (access: StreamAccess) => {
      if (held) {
        checkAgain = true;
        return;
      }
      held = [];
      check(access);
    };
    void (async () => {
      const access = await accessOf();
      unsubscribe = await hub.subscribe(
        {
          visible: (e) => {
            if (access.mayEnd(e)) recheck(access);
            return access.visible(e);
          },
          ...(access.audience ? { audience: () => access.audience!() } : {}),
          closed: () => closed,
          send,
          drained: () => drained(socket, () => closed),
          ...(access.render ? { render: access.render } : {}),
        },
        since,
      );
      if (closed) unsubscribe();
      // A revocation between the upgrade's token check and the subscription is caught here.
      else recheck(access);
    })().catch(failed);
  };
}
