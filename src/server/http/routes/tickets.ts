import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import * as tickets from '../../services/tickets.js';
import { decorateDetail, showQuery } from '../../services/ticket-detail-parts.js';
import { ticketPageSchema, ticketSchema } from '../../../core/schemas.js';
import { commentInput, createTicketInput, listTicketsQuery, updateTicketInput } from '../../../core/inputs.js';
import { ticketDetailSchema } from '../../../core/ticket-detail.js';

export const ticketRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/tickets',
      tag: 'tickets',
      summary: 'List tickets (default: open and pending), filtered, sorted and paged by cursor',
      query: listTicketsQuery,
      response: ticketPageSchema,
      handler: ({ actor, query }) => tickets.listTickets(store.db, actor, query),
    },
    {
      method: 'POST',
      url: '/v1/tickets',
      tag: 'tickets',
      summary: 'Create a ticket (a repeated clientId answers with the original)',
      body: createTicketInput,
      response: ticketSchema,
      status: 201,
      handler: ({ actor, body }) => tickets.createTicket(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/tickets/:id',
      tag: 'tickets',
      summary: 'Show a ticket with its conversation (?order=oldest|newest, ?only=public|internal) and activity log',
      query: showQuery,
      response: ticketDetailSchema,
      handler: async ({ actor, params, query }) => {
        const shown = showQuery.parse(query);
        return decorateDetail(store.db, await tickets.showTicket(store, actor, idParam(params)), shown);
      },
    },
    {
      method: 'PATCH',
      url: '/v1/tickets/:id',
      tag: 'tickets',
      summary: 'Change status, type, priority, impact, assignee, title or tags',
      body: updateTicketInput,
      response: ticketSchema,
      handler: ({ actor, params, body }) => tickets.updateTicket(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/tickets/:id/comments',
      tag: 'tickets',
      summary: 'Add a public reply or an internal note, optionally setting the status',
      body: commentInput,
      response: ticketDetailSchema,
      status: 201,
      handler: async ({ actor, params, body }) =>
        decorateDetail(store.db, await tickets.commentOnTicket(store, actor, idParam(params), body)),
    },
  ]);
