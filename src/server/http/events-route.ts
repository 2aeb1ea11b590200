/**
 * `GET /v1/events`: upgrades to a WebSocket that replays events after `?since=`
 * and then streams live ones, filtered to what the token may see. Dead
 * connections are found by ping/pong heartbeats and terminated.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Store } from '../store/store.js';
import type { EventHub, HubEvent } from '../events/hub.js';
import type { Actor } from '../services/actor.js';
import { scopeOf, canSeeCompany, type Scope } from '../services/access.js';

/** A slow consumer holding more than this unsent is dropped; it reconnects and resumes. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export interface EventsRouteOptions {
  readonly heartbeatMs: number;
}

function parseSince(raw: unknown): number | undefined {
  if (raw === undefined) return 0;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function registerEventsRoute(
  app: FastifyInstance,
  store: Store,
  hub: EventHub,
  options: EventsRouteOptions,
): void {
  const alive = new WeakMap<WebSocket, boolean>();
  const sockets = new Set<WebSocket>();
  const timer = setInterval(() => {
    for (const socket of sockets) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.heartbeatMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });

  app.get('/v1/events', { websocket: true }, (socket, request) => {
    const actor = (request as unknown as { actor: Actor }).actor;
    const since = parseSince((request.query as Record<string, unknown>).since);
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
    // Incoming messages are not part of the protocol yet; ignore them.
    socket.on('message', () => {});
    void (async () => {
      let scope: Scope = await scopeOf(store.db, actor);
      const visible = (e: HubEvent) => {
        if (e.type === 'grant.created' && e.technicianId === actor.id && e.companyId !== null && !scope.all) {
          // A new grant widens what this connection may see from this event on.
          scope = { all: false, companyIds: new Set([...scope.companyIds, e.companyId]) };
        }
        if (e.technicianId === actor.id) return true;
        if (e.companyId === null) return e.technicianId === null;
        return canSeeCompany(scope, e.companyId);
      };
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
      request.log.error(err);
      socket.close(1011, 'internal error');
    });
  });
}
