/**
 * Ticket routes of the customer API (customer session token): the
 * requester rates their resolved ticket, or adds a comment to it (which
 * reopens it when it was resolved and recomputes its sentiment).
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import { rateTicket } from '../../services/tickets/satisfaction.js';
import { addRequesterComment } from '../../services/tickets/requester-comments.js';
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
      summary:
        'Add a comment to your ticket (technicians see it as the requester’s reply): it lands on the ticket yours was merged into, and reopens a resolved or closed one',
      body: commentInput,
      response: z.object({
        commentId: z.number(),
        ticketId: z.number(),
        reopened: z.boolean(),
        sentiment: z.nullable(z.enum(SENTIMENTS)),
      }),
      status: 201,
      handler: ({ customer, params, body }) =>
        addRequesterComment(store, customer, idParam(params), commentInput.parse(body).body),
    },
  ]);
