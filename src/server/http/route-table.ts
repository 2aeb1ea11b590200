/**
 * The route table: every route the server answers, each declaring who may call
 * it and its rate limit. `buildApp` registers it, the auth hook and the rate
 * limiter read it from the route config, and `/openapi.json` describes it.
 */
import type { Store } from '../store/store.js';
import type { EventHub } from '../events/hub.js';
import type { ServerClock } from '../clock.js';
import type { DeadlineSweeper } from '../deadlines/sweeper.js';
import type { RouteDef, StreamRouteDef } from './route.js';
import { openApiDocument, openApiRoute } from './openapi.js';
import { eventsRoute } from './events-route.js';
import { customerEventsRoute } from './customer-events-route.js';
import { healthRoutes } from './routes/health.js';
import { ticketRoutes } from './routes/tickets.js';
import { ticketResourceRoutes } from './routes/ticket-resources.js';
import { ticketSettingsRoutes } from './routes/ticket-settings.js';
import { peopleRoutes } from './routes/people.js';
import { timeRoutes } from './routes/time.js';
import { settingsRoutes } from './routes/settings.js';
import { chatRoutes } from './routes/chat.js';
import { customerRoutes } from './routes/customer.js';
import { customerTicketRoutes } from './routes/customer-tickets.js';
import { testClockRoutes } from './routes/test-clock.js';
import { reportRoutes } from './routes/reports.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { supportSessionRoutes } from './routes/support-sessions.js';
import { mailRoutes } from './routes/mail.js';
import { mailTemplateRoutes } from './routes/mail-templates.js';

export interface RouteTableDeps {
  readonly store: Store;
  readonly hub: EventHub;
  readonly clock: ServerClock;
  readonly sweeper: DeadlineSweeper;
  readonly version: string;
  /** This node's name, reported by the health checks. */
  readonly nodeName?: string;
}

export interface RouteTable {
  /** Request–answer routes. */
  readonly routes: readonly RouteDef[];
  /** WebSocket event streams. */
  readonly streams: readonly StreamRouteDef[];
}

export function routeTable(deps: RouteTableDeps): RouteTable {
  const routes: RouteDef[] = [
    ...healthRoutes(deps.store, deps.nodeName),
    ...ticketRoutes(deps.store),
    ...ticketResourceRoutes(deps.store),
    ...ticketSettingsRoutes(deps.store),
    ...peopleRoutes(deps.store, deps.hub),
    ...timeRoutes(deps.store),
    ...settingsRoutes(deps.store),
    ...chatRoutes(deps.store),
    ...customerRoutes(deps.store),
    ...supportSessionRoutes(deps.store),
    ...customerTicketRoutes(deps.store),
    ...dashboardRoutes(deps.store),
    ...reportRoutes(deps.store),
    ...mailRoutes(deps.store),
    ...mailTemplateRoutes(deps.store),
    ...testClockRoutes(deps.clock, deps.sweeper),
  ];
  const streams = [eventsRoute, customerEventsRoute];
  let document: unknown;
  routes.push(openApiRoute(() => (document ??= openApiDocument(routes, streams, deps.version))));
  return { routes, streams };
}
