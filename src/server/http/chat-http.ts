/**
 * The customer's event stream (`/v1/customer/events`): a WebSocket like `/v1/events` that replays
 * after `?since=` and then streams live, carrying only the events addressed to that contact.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import type { EventHub, HubEvent } from '../events/hub.js';
import { streamServer } from './stream-socket.js';
import { customerAuth } from './routes/customer.js';
import type { CustomerActor } from '../services/chat/customers.js';

export interface CustomerEventsOptions {
  readonly heartbeatMs: number;
}

export function registerCustomerEvents(
  app: FastifyInstance,
  store: Store,
  hub: EventHub,
  options: CustomerEventsOptions,
): void {
  const serve = streamServer(app, hub, options.heartbeatMs);
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
      const contactId = (request as unknown as { customer: CustomerActor }).customer.contactId;
      const visibility = async () => (e: HubEvent) => e.contactId === contactId;
      serve(socket, (request.query as Record<string, unknown>).since, visibility, () => {});
    },
  );
}
