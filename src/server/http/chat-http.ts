/**
 * The customer's event stream (`/v1/customer/events`): a WebSocket like `/v1/events` that replays
 * after `?since=` and then streams live, carrying only the events addressed to that contact.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Store } from '../store/store.js';
import type { EventHub } from '../events/hub.js';
import { customerAuth } from './routes/customer.js';
import type { CustomerActor } from '../services/chat/customers.js';

const MAX_BUFFERED = 16 * 1024 * 1024;

export interface CustomerEventsOptions {
  readonly heartbeatMs: number;
}

export function registerCustomerEvents(
  app: FastifyInstance,
  store: Store,
  hub: EventHub,
  options: CustomerEventsOptions,
): void {
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
  }, options.heartbeatMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });

  app.get(
    '/v1/customer/events',
    {
      websocket: true,
      // Refuse a bad session before the upgrade, so the client sees a 401 and stops retrying.
      preValidation: async (request) => {
        (request as unknown as { customer: CustomerActor }).customer = await customerAuth(store, request);
      },
    },
    (socket, request) => {
      const raw = (request.query as Record<string, unknown>).since;
      const since = raw === undefined ? 0 : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(since)) {
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
      socket.on('message', () => {});
      const contactId = (request as unknown as { customer: CustomerActor }).customer.contactId;
      void (async () => {
        unsubscribe = await hub.subscribe(
          {
            visible: (e) => e.contactId === contactId,
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
      })().catch(() => socket.close(1011, 'internal error'));
    },
  );
}
