/**
 * The customer's event stream (`/v1/customer/events`): a WebSocket like `/v1/events` that replays
 * after `?since=` and then streams live, carrying only the events addressed to that contact; the
 * customer may send chat messages on it (customer-stream-sends.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { EventHub } from '../events/hub.js';
import type { Store } from '../store/store.js';
import { authenticateCustomer, CUSTOMER_LOGGED_OUT } from '../services/chat/customers.js';
import { stillAuthenticated, streamQuery, streamServer, type StreamAccess } from './stream-socket.js';
import type { StreamRouteDef } from './route.js';
import { accessConfig, bearerToken, signedInByCookie } from './auth.js';
import { ownOrigin } from './web-origins.js';
import { guestChats } from '../services/chat/chat-customers.js';
import { followGuest, guestSees } from './guest-events.js';
import { receiveSends } from './customer-stream-sends.js';
import { colleagueTickets } from './colleague-events.js';
import { ANY_CONTACT, companyKey, contactKey, unscopedTypeKey, type AudienceKey } from '../events/audience.js';

export interface CustomerEventsOptions {
  readonly heartbeatMs: number;
  /** Writes one log line (a send frame that failed on a bug). */
  readonly log: (line: string) => void;
}

export const customerEventsRoute: StreamRouteDef = {
  url: '/v1/customer/events',
  auth: 'customer',
  tag: 'customer',
  summary:
    'WebSocket stream of the events addressed to this contact: replays after ?since=SEQ, then live; takes {"type":"send",chatId,body,clientId} frames, answered {"type":"sent"} or {"type":"refused"}',
  query: streamQuery,
};

/** A bad session is refused by the auth hook before the upgrade, so the client sees a 401 and stops retrying. */
export function registerCustomerEvents(
  app: FastifyInstance,
  store: Store,
  hub: EventHub,
  options: CustomerEventsOptions,
): void {
  const serve = streamServer(app, hub, options.heartbeatMs);
  app.get(
    customerEventsRoute.url,
    { websocket: true, config: accessConfig(customerEventsRoute) },
    (socket, request) => {
      const contactId = request.customer.contactId;
      const token = bearerToken(request);
      // A logout ends the session's stream at once, on every node (the other sessions of the contact go on).
      const access = async (): Promise<StreamAccess> => {
        const joined = await guestChats(store.db, contactId);
        const colleagues = await colleagueTickets(store, request.customer);
        // Their own events, their company's (colleagues' tickets) and setting changes; while they are a
        // guest in someone else's chat, every contact's events (guestSees picks that chat's).
        const own: AudienceKey[] = [
          contactKey(contactId),
          companyKey(request.customer.companyId),
          unscopedTypeKey('setting.changed'),
        ];
        const asGuest = [...own, ANY_CONTACT];
        return {
          audience: () => (joined.size > 0 ? asGuest : own),
          visible: (e) =>
            e.contactId === contactId
              ? followGuest(joined, e)
              : (joined.size > 0 && guestSees(joined, e)) || colleagues.visible(e),
          mayEnd: (e) => e.contactId === contactId && e.type === CUSTOMER_LOGGED_OUT,
          stillValid: () => stillAuthenticated(() => authenticateCustomer(store.db, token)),
          endedReason: 'your session has ended; log in again',
        };
      };
      // The auth hook let a cookie-signed stream open from the desk's own origin or an embedding one.
      const maySend = !signedInByCookie(request) || request.headers.origin?.toLowerCase() === ownOrigin(request);
      receiveSends(socket, store, { token, maySend }, options.log);
      serve(socket, (request.query as Record<string, unknown>).since, access, () => {});
    },
  );
}
