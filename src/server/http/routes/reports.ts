/** Report routes: `GET /v1/reports/<name>`, and the admin's grant of the reports right. */
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import * as reports from '../../services/reports/index.js';
import {
  chatsReportSchema,
  reportQuery,
  reportsRightInput,
  reportsRightSchema,
  satisfactionReportSchema,
  slaReportSchema,
  techniciansReportSchema,
  ticketsReportSchema,
  timeReportSchema,
} from '../../../core/reports.js';

const SCOPE = 'an admin or a technician with the reports right sees all; others their own and their companies’';

export const reportRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/reports/tickets',
      auth: 'technician',
      tag: 'reports',
      summary: `Tickets created, resolved, reopened, backlog; first response and resolution times (${SCOPE})`,
      query: reportQuery,
      response: ticketsReportSchema,
      customerData: false,
      handler: ({ actor, query }) => reports.ticketsReport(store, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/reports/sla',
      auth: 'technician',
      tag: 'reports',
      summary: `SLA targets met and breached, per target; the breached tickets with list=true (${SCOPE})`,
      query: reportQuery,
      response: slaReportSchema,
      handler: ({ actor, query }) => reports.slaReport(store, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/reports/chats',
      auth: 'technician',
      tag: 'reports',
      summary: `Chat requests, accepted, abandoned, declined, RONA, transfers, waits, handle time, wrap-ups (${SCOPE})`,
      query: reportQuery,
      response: chatsReportSchema,
      customerData: false,
      handler: ({ actor, query }) => reports.chatsReport(store, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/reports/technicians',
      auth: 'technician',
      tag: 'reports',
      summary: `Per technician: tickets resolved, first response, chats, RONA, tracked time (${SCOPE})`,
      query: reportQuery,
      response: techniciansReportSchema,
      customerData: false,
      handler: ({ actor, query }) => reports.techniciansReport(store, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/reports/satisfaction',
      auth: 'technician',
      tag: 'reports',
      summary: `Ratings, their distribution and average, response rate, sentiment, lowest-rated tickets (${SCOPE})`,
      query: reportQuery,
      response: satisfactionReportSchema,
      handler: ({ actor, query }) => reports.satisfactionReport(store, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/reports/time',
      auth: 'technician',
      tag: 'reports',
      summary: `Tracked time, billable and not, and amounts (${SCOPE})`,
      query: reportQuery,
      response: timeReportSchema,
      customerData: false,
      handler: ({ actor, query }) => reports.timeReport(store, actor, query),
    },
    {
      method: 'PUT',
      url: '/v1/technicians/:id/reports',
      auth: 'technician',
      tag: 'reports',
      summary: 'Give or take a technician’s reports right (admin)',
      body: reportsRightInput,
      response: reportsRightSchema,
      customerData: false,
      handler: ({ actor, params, body }) => reports.setReportsRight(store, actor, idParam(params), body),
    },
  ]);
