/** The report routes: `GET /v1/reports/<name>` and the admin's grant of the reports right. */
import type { ApiClient, Query } from '../http.js';

const reports = () => import('../../core/reports.js');

export class ReportsApi {
  constructor(private readonly http: ApiClient) {}

  tickets(query: Query) {
    return this.http.call('GET', '/v1/reports/tickets', () => reports().then((m) => m.ticketsReportSchema), { query });
  }

  sla(query: Query) {
    return this.http.call('GET', '/v1/reports/sla', () => reports().then((m) => m.slaReportSchema), { query });
  }

  chats(query: Query) {
    return this.http.call('GET', '/v1/reports/chats', () => reports().then((m) => m.chatsReportSchema), { query });
  }

  technicians(query: Query) {
    return this.http.call('GET', '/v1/reports/technicians', () => reports().then((m) => m.techniciansReportSchema), {
      query,
    });
  }

  satisfaction(query: Query) {
    return this.http.call('GET', '/v1/reports/satisfaction', () => reports().then((m) => m.satisfactionReportSchema), {
      query,
    });
  }

  time(query: Query) {
    return this.http.call('GET', '/v1/reports/time', () => reports().then((m) => m.timeReportSchema), { query });
  }

  /** Gives (or takes) a technician's reports right (admin). */
  setRight(technicianId: number, allowed: boolean) {
    return this.http.call(
      'PUT',
      `/v1/technicians/${technicianId}/reports`,
      () => reports().then((m) => m.reportsRightSchema),
      { body: { allowed } },
    );
  }
}
