/**
 * `GET /v1/events`: upgrades to a WebSocket that replays events after `?since=`
 * and then streams live ones, filtered to what the token may see.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import type { EventHub, HubEvent } from '../events/hub.js';
import type { Actor } from '../services/actor.js';
import { scopeOf, canSeeCompany, type Scope } from '../services/access.js';
import { streamQuery, streamServer } from './stream-socket.js';
import type { StreamRouteDef } from './route.js';
import { accessConfig } from './auth.js';

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
    const visibility = async () => {
      let scope: Scope = await scopeOf(store.db, actor);
      return (e: HubEvent) => {
        if (e.type === 'grant.created' && e.technicianId === actor.id && e.companyId !== null && !scope.all) {
          // A new grant widens what this connection may see from this event on.
          scope = { all: false, companyIds: new Set([...scope.companyIds, e.companyId]) };
        }
        if (e.technicianId === actor.id) return true;
        if (e.companyId === null) return e.technicianId === null;
        return canSeeCompany(scope, e.companyId);
      };
    };
    serve(socket, (request.query as Record<string, unknown>).since, visibility, (err) => request.log.error(err));
  });
}
