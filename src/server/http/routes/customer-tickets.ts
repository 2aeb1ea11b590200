/**
 * Ticket routes of the customer API (customer session token): the
 * requester rates their resolved ticket, or adds a comment to it (which
 * recomputes the ticket's sentiment).
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import { rateTicket } from '../../services/tickets/satisfaction.js';
import { addRequesterComment } from '../../services/tickets/sentiment.js';
import { satisfactionInput } from '../../../core/ticket-resources.js';
import { SENTIMENTS } from '../../../core/sentiment.js';

const commentInput = z.object({ body: z.string().check(z.minLength(1), z.maxLength(200_000)) });

export const customerTicketRoutes = (store: Store) =>
  defineRoutes([
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
      summary: 'Add a comment to your ticket (technicians see it as the requester’s reply)',
      body: commentInput,
      response: z.object({ commentId: z.number(), sentiment: z.nullable(z.enum(SENTIMENTS)) }),
      status: 201,
      handler: ({ customer, params, body }) =>
        addRequesterComment(store, customer, idParam(params), commentInput.parse(body).body),
    },
  ]);
