/**
 * The customer's event stream (`/v1/customer/events`): a WebSocket like `/v1/events` that replays
 * after `?since=` and then streams live, carrying only the events addressed to that contact.
 */
import type { FastifyInstance } from 'fastify';
import type { EventHub, HubEvent } from '../events/hub.js';
import { streamQuery, streamServer } from './stream-socket.js';
import type { StreamRouteDef } from './route.js';
import { accessConfig } from './auth.js';

export interface CustomerEventsOptions {
  readonly heartbeatMs: number;
}

export const customerEventsRoute: StreamRouteDef = {
  url: '/v1/customer/events',
  auth: 'customer',
  tag: 'customer',
  summary: 'WebSocket stream of the events addressed to this contact: replays after ?since=SEQ, then live',
  query: streamQuery,
};

/** A bad session is refused by the auth hook before the upgrade, so the client sees a 401 and stops retrying. */
export function registerCustomerEvents(app: FastifyInstance, hub: EventHub, options: CustomerEventsOptions): void {
  const serve = streamServer(app, hub, options.heartbeatMs);
  app.get(
    customerEventsRoute.url,
    { websocket: true, config: accessConfig(customerEventsRoute) },
    (socket, request) => {
      const contactId = request.customer.contactId;
      const visibility = async () => (e: HubEvent) => e.contactId === contactId;
      serve(socket, (request.query as Record<string, unknown>).since, visibility, () => {});
    },
  );
}
