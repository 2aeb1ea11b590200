/**
 * Ticket routes of the customer API (customer session token or cookie): the requester lists and
 * reads their tickets (public replies only) and downloads the files on them, rates their resolved
 * ticket, or adds a comment to it (which reopens it when it was resolved and recomputes its sentiment).
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import { rateTicket } from '../../services/tickets/satisfaction.js';
import { addRequesterComment } from '../../services/tickets/requester-comments.js';
import { satisfactionInput } from '../../../core/ticket-resources.js';
import { sendFile } from '../chat-files.js';
import { customerTicketFile, listCustomerTickets, showCustomerTicket } from '../../services/tickets/customer-view.js';
import {
  customerCommentResultSchema,
  customerTicketDetailSchema,
  customerTicketListSchema,
} from '../../../core/customer-tickets.js';

const commentInput = z.object({ body: z.string().check(z.minLength(1), z.maxLength(200_000)) });

export const customerTicketRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/customer/tickets',
      auth: 'customer',
      tag: 'customer',
      summary:
        "My tickets, most recently changed first (with portal.company-tickets on, my company colleagues' as well)",
      response: customerTicketListSchema,
      handler: ({ customer }) => listCustomerTickets(store.db, customer),
    },
    {
      method: 'GET',
      url: '/v1/customer/tickets/:id',
      auth: 'customer',
      tag: 'customer',
      summary: 'One of my tickets with its public replies (never internal notes), their authors and files',
      response: customerTicketDetailSchema,
      handler: ({ customer, params }) => showCustomerTicket(store.db, customer, idParam(params)),
    },
    {
      method: 'GET',
      url: '/v1/customer/tickets/:id/files/:fileId',
      auth: 'customer',
      tag: 'customer',
      summary: 'Download a file of a public reply on one of my tickets (as an attachment)',
      handler: async ({ customer, params, reply }) => {
        const file = await customerTicketFile(store.db, customer, idParam(params), idParam(params, 'fileId'));
        reply.header('cache-control', 'private, no-store');
        return sendFile(reply, file);
      },
    },
    {
      method: 'POST',
      url: '/v1/customer/tickets/:id/rating',
      auth: 'customer',
      tag: 'customer',
      summary: 'Rate your resolved ticket 1–5 with an optional comment (rating again replaces it)',
      body: satisfactionInput,
      response: z.object({
        ticketId: z.number(),
        rating: z.number(),
        comment: z.nullable(z.string()),
        createdAt: z.string(),
      }),
      handler: ({ customer, params, body }) => rateTicket(store, customer, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/customer/tickets/:id/comments',
      auth: 'customer',
      tag: 'customer',
      summary:
        'Add a comment to your ticket (technicians see it as the requester’s reply): it lands on the ticket yours was merged into, and reopens a resolved or closed one; answers the comment and the ticket as it left it',
      body: commentInput,
      response: customerCommentResultSchema,
      status: 201,
      handler: ({ customer, params, body }) =>
        addRequesterComment(store, customer, idParam(params), commentInput.parse(body).body),
    },
  ]);
