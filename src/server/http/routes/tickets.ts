import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import { commentOnTicket } from '../../services/tickets/comments.js';
import { createTicket } from '../../services/tickets/create.js';
import { showQuery, showTicket } from '../../services/tickets/detail.js';
import { listTickets } from '../../services/tickets/list-query.js';
import { updateTicket } from '../../services/tickets/update.js';
import { commentResultSchema, ticketPageSchema, ticketSchema } from '../../../core/schemas.js';
import { commentInput, createTicketInput, listTicketsQuery, updateTicketInput } from '../../../core/inputs.js';
import { ticketDetailSchema } from '../../../core/ticket-detail.js';

export const ticketRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/tickets',
      auth: 'technician',
      tag: 'tickets',
      summary: 'List tickets (default: open and pending), filtered, sorted and paged by cursor',
      query: listTicketsQuery,
      response: ticketPageSchema,
      handler: ({ actor, query }) => listTickets(store, actor, query),
    },
    {
      method: 'POST',
      url: '/v1/tickets',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Create a ticket (a repeated clientId answers with the original)',
      body: createTicketInput,
      response: ticketSchema,
      status: 201,
      handler: ({ actor, body }) => createTicket(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/tickets/:id',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Show a ticket with its conversation (?order=oldest|newest, ?only=public|internal) and activity log',
      query: showQuery,
      response: ticketDetailSchema,
      handler: ({ actor, params, query }) => showTicket(store, actor, idParam(params), query),
    },
    {
      method: 'PATCH',
      url: '/v1/tickets/:id',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Change status, type, priority, impact, assignee, title or tags',
      body: updateTicketInput,
      response: ticketSchema,
      handler: ({ actor, params, body }) => updateTicket(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/tickets/:id/comments',
      auth: 'technician',
      tag: 'tickets',
      summary:
        'Add a public reply or an internal note, optionally setting the status; answers the comment and the ticket as it left it (status, activity status, SLA, updatedAt…)',
      body: commentInput,
      response: commentResultSchema,
      status: 201,
      handler: ({ actor, params, body }) => commentOnTicket(store, actor, idParam(params), body),
    },
  ]);
