/** The supervisor dashboard's snapshot, which the TUI keeps current from the event stream. */
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { dashboard } from '../../services/dashboard.js';
import { dashboardQuery, dashboardSchema } from '../../../core/dashboard.js';

export const dashboardRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/dashboard',
      auth: 'technician',
      tag: 'dashboard',
      summary:
        'Live dashboard snapshot: waiting and active chats, availability, SLA deadlines due soon, today’s counters (?tz=ZONE), at event seq',
      query: dashboardQuery,
      response: dashboardSchema,
      handler: ({ actor, query }) => dashboard(store, actor, query),
    },
  ]);
