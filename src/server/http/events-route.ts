/**
 * `GET /v1/events`: upgrades to a WebSocket that replays events after `?since=`
 * and then streams live ones, filtered to what the token may see (and masked
 * for a technician without the unmask right). A revoked token closes it at once,
 * on every node, and a lost grant stops that company's events.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import type { EventHub } from '../events/hub.js';
import { EVERY_EVENT, UNSCOPED_EVENTS, companyKey, technicianKey, type AudienceKey } from '../events/audience.js';
import type { Actor } from '../services/actor.js';
import { scopeOf, canSeeCompany, type Scope } from '../services/access.js';
import { authenticate } from '../services/people.js';
import { stillAuthenticated, streamQuery, streamServer, type StreamAccess } from './stream-socket.js';
import type { StreamRouteDef } from './route.js';
import { accessConfig, bearerToken } from './auth.js';
import { maskedEventMessage, masksFor } from './masking.js';
import { CUSTOMER_ONLY_EVENTS } from '../../core/events.js';

/** Events that may end a technician's tokens: the stream checks its token again when one concerns them. */
const ENDING_EVENTS = new Set(['technician.revoked', 'technician.removed', 'token.revoked']);

/**
 * What a technician's stream is offered: everything for an admin; else what is addressed to them,
 * their granted companies' events and the events of no company.
 */
function audienceOf(actor: Actor, scope: Scope): AudienceKey[] {
  if (scope.all) return [EVERY_EVENT];
  return [technicianKey(actor.id), UNSCOPED_EVENTS, ...[...scope.companyIds].map(companyKey)];
}

export interface EventsRouteOptions {
  readonly heartbeatMs: number;
}

export const eventsRoute: StreamRouteDef = {
  url: '/v1/events',
  auth: 'technician',
  tag: 'events',
  summary: 'WebSocket event stream: replays events after ?since=SEQ, then streams live ones',
  query: streamQuery,
};

export function registerEventsRoute(
  app: FastifyInstance,
  store: Store,
  hub: EventHub,
  options: EventsRouteOptions,
): void {
  const serve = streamServer(app, hub, options.heartbeatMs);
  app.get(eventsRoute.url, { websocket: true, config: accessConfig(eventsRoute) }, (socket, request) => {
    const actor: Actor = request.actor;
    const token = bearerToken(request);
    const access = async (): Promise<StreamAccess> => {
      let scope: Scope = await scopeOf(store.db, actor);
      let audience = audienceOf(actor, scope);
      return {
        audience: () => audience,
        visible: (e) => {
          // The requester's view of a ticket change: technicians have the full one (`ticket.*`).
          if (CUSTOMER_ONLY_EVENTS.has(e.type)) return false;
          if (e.technicianId === actor.id && e.companyId !== null && !scope.all) {
            // A grant widens or narrows what this connection may see from this event on.
            if (e.type === 'grant.created') {
              scope = { all: false, companyIds: new Set([...scope.companyIds, e.companyId]) };
            } else if (e.type === 'grant.revoked') {
              scope = { all: false, companyIds: new Set([...scope.companyIds].filter((id) => id !== e.companyId)) };
            }
            if (e.type === 'grant.created' || e.type === 'grant.revoked') audience = audienceOf(actor, scope);
          }
          if (e.technicianId === actor.id) return true;
          if (e.companyId === null) return e.technicianId === null;
          return canSeeCompany(scope, e.companyId);
        },
        mayEnd: (e) => e.technicianId === actor.id && ENDING_EVENTS.has(e.type),
        stillValid: () => stillAuthenticated(() => authenticate(store.db, token)),
        endedReason: 'your API token was revoked; log in again with a new token',
        ...(masksFor(actor) ? { render: maskedEventMessage } : {}),
      };
    };
    serve(socket, (request.query as Record<string, unknown>).since, access, (err) => request.log.error(err));
  });
}
