/**
 * The customer API under `/v1/customer/`: identity confirmation with a one-time code, then chats and
 * tickets on a customer session token (not a technician's API token).
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { UPLOAD_BODY_LIMIT, clientIdOf, fileName, sendFile, uploadBody } from '../chat-files.js';
import { bearerToken } from '../auth.js';
import { clearSessionCookie, setSessionCookie } from '../customer-cookie.js';
import { MESSAGE_RATE_LIMIT, UPLOAD_RATE_LIMIT } from '../rate-limits.js';
import { idParam } from '../params.js';
import * as customers from '../../services/chat/customers.js';
import * as chats from '../../services/chat/customer-chats.js';
import * as messages from '../../services/chat/messages.js';
import { rateChat } from '../../services/chat/chat-ratings.js';
import { satisfactionInput } from '../../../core/ticket-resources.js';
import { customerTicket } from '../../services/chat/chat-tickets.js';
import { customerQueues } from '../../services/chat/queues.js';
import { customerQueueListSchema } from '../../../core/customer-queues.js';
import { chatMessageSchema, sendInput } from '../../../core/chat.js';
import {
  customerChatDetailSchema,
  customerChatRatingSchema,
  customerChatSchema,
  customerLoginInput,
  customerMeSchema,
  customerRequestInput,
  customerRequestResult,
  customerTicketInput,
  customerTicketResult,
  customerVerifyInput,
} from '../../../core/customer-chat.js';

export const customerRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'POST',
      url: '/v1/customer/login',
      auth: 'public',
      tag: 'customer',
      summary: 'Ask for a one-time code for a contact e-mail address (same answer for unknown addresses)',
      body: customerLoginInput,
      response: z.object({ sent: z.literal(true) }),
      status: 202,
      handler: ({ body }) => customers.requestCode(store, body),
    },
    {
      method: 'POST',
      url: '/v1/customer/verify',
      auth: 'public',
      tag: 'customer',
      summary:
        'Exchange the one-time code for a customer session token (session: "cookie" sets it as an HttpOnly cookie instead of answering it)',
      body: customerVerifyInput,
      response: z.extend(customerMeSchema, { token: z.optional(z.string()) }),
      status: 201,
      handler: async ({ body, request, reply }) => {
        const session = await customers.verifyCode(store, body);
        if (customerVerifyInput.parse(body).session !== 'cookie') return session;
        setSessionCookie(request, reply, session.token);
        return { contact: session.contact };
      },
    },
    {
      method: 'POST',
      url: '/v1/customer/logout',
      auth: 'customer',
      tag: 'customer',
      summary: 'End this customer session (and clear its cookie)',
      response: z.object({ revoked: z.boolean() }),
      handler: ({ request, reply }) => {
        clearSessionCookie(request, reply);
        return customers.logoutCustomer(store, bearerToken(request) ?? '');
      },
    },
    {
      method: 'GET',
      url: '/v1/customer/me',
      auth: 'customer',
      tag: 'customer',
      summary: 'The contact behind the session',
      response: customerMeSchema,
      handler: async ({ customer }) => ({ contact: await customers.customerProfile(store.db, customer) }),
    },
    {
      method: 'GET',
      url: '/v1/customer/chats',
      auth: 'customer',
      tag: 'customer',
      summary: 'My chats, newest first (invitations from technicians are in state offered)',
      response: z.object({ items: z.array(customerChatSchema) }),
      handler: ({ customer }) => chats.customerChats(store.db, customer),
    },
    {
      method: 'GET',
      url: '/v1/customer/queues',
      auth: 'customer',
      tag: 'customer',
      summary: 'The chat queues open to customers (someone answers in them), the default first',
      response: customerQueueListSchema,
      handler: () => customerQueues(store.db),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats',
      auth: 'customer',
      tag: 'customer',
      summary: 'Open a chat request in a queue (the default one unless named); origin info is recorded with the IP',
      body: customerRequestInput,
      response: customerRequestResult,
      status: 201,
      handler: ({ customer, request, body }) => chats.requestChat(store, customer, body, { ip: request.ip ?? null }),
    },
    {
      method: 'GET',
      url: '/v1/customer/chats/:id',
      auth: 'customer',
      tag: 'customer',
      summary: 'One of my chats with its transcript',
      response: customerChatDetailSchema,
      handler: ({ customer, params }) => chats.customerShow(store.db, customer, idParam(params), store.now()),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/accept',
      auth: 'customer',
      tag: 'customer',
      summary: "Accept a technician's invitation to chat",
      response: customerChatSchema,
      handler: ({ customer, params }) => chats.customerAccept(store, customer, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/decline',
      auth: 'customer',
      tag: 'customer',
      summary: "Decline a technician's invitation to chat",
      response: customerChatSchema,
      handler: ({ customer, params }) => chats.customerDecline(store, customer, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/end',
      auth: 'customer',
      tag: 'customer',
      summary: 'Leave a chat (a waiting request is withdrawn)',
      response: customerChatSchema,
      handler: ({ customer, params }) => chats.customerEnd(store, customer, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/rating',
      auth: 'customer',
      tag: 'customer',
      summary: 'Rate a chat you were in, 1–5 with an optional comment, once it has ended (rating again replaces it)',
      body: satisfactionInput,
      response: customerChatRatingSchema,
      handler: ({ customer, params, body }) => rateChat(store, customer, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/messages',
      auth: 'customer',
      tag: 'customer',
      summary: 'Send a message (a repeated clientId answers with the original)',
      body: sendInput,
      response: chatMessageSchema,
      status: 201,
      rateLimit: MESSAGE_RATE_LIMIT,
      handler: ({ customer, params, body }) => messages.sendAsCustomer(store, customer, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/files',
      auth: 'customer',
      tag: 'customer',
      summary: 'Send a file (raw bytes as application/octet-stream, ?name=, ≤ 20 MB, type checked by content)',
      response: chatMessageSchema,
      status: 201,
      bodyLimit: UPLOAD_BODY_LIMIT,
      rateLimit: UPLOAD_RATE_LIMIT,
      handler: ({ customer, params, request }) =>
        messages.attachAsCustomer(
          store,
          customer,
          idParam(params),
          fileName(request),
          uploadBody(request),
          clientIdOf(request),
        ),
    },
    {
      method: 'GET',
      url: '/v1/customer/chats/:id/files/:fileId',
      auth: 'customer',
      tag: 'customer',
      summary: 'Download a chat file (as an attachment)',
      handler: async ({ customer, params, reply }) =>
        sendFile(reply, await messages.readFile(store.db, { customer }, idParam(params), idParam(params, 'fileId'))),
    },
    {
      method: 'POST',
      url: '/v1/customer/tickets',
      auth: 'customer',
      tag: 'customer',
      summary: 'Leave a ticket instead of chatting',
      body: customerTicketInput,
      response: customerTicketResult,
      status: 201,
      handler: ({ customer, body }) => customerTicket(store, customer, body),
    },
  ]);
