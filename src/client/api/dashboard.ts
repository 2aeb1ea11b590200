/** The supervisor dashboard's snapshot: what the TUI's Dashboard pane loads, then keeps current from events. */
import type { ApiClient } from '../http.js';

const dashboard = () => import('../../core/dashboard.js');

export class DashboardApi {
  constructor(private readonly http: ApiClient) {}

  /** The snapshot, with "today" counted in the time zone `tz`. */
  get(tz: string) {
    return this.http.call('GET', '/v1/dashboard', () => dashboard().then((m) => m.dashboardSchema), {
      query: { tz },
    });
  }
}
