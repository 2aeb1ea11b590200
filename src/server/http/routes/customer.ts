/**
 * The customer API under `/v1/customer/`: identity confirmation with a one-time code, then chats and
 * tickets on a customer session token (not a technician's API token).
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { FastifyRequest } from 'fastify';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { UPLOAD_BODY_LIMIT, clientIdOf, fileName, sendFile, uploadBody } from '../chat-files.js';
import { idParam } from '../params.js';
import * as customers from '../../services/chat/customers.js';
import * as chats from '../../services/chat/chats.js';
import * as messages from '../../services/chat/messages.js';
import { customerTicket } from '../../services/chat/chat-tickets.js';
import { withRetryAfter } from './chat.js';
import {
  chatMessageSchema,
  customerChatDetailSchema,
  customerChatSchema,
  customerLoginInput,
  customerMeSchema,
  customerRequestInput,
  customerRequestResult,
  customerSessionSchema,
  customerTicketInput,
  customerTicketResult,
  customerVerifyInput,
  sendInput,
} from '../../../core/chat.js';

/** The bearer token of a request (header, or `?token=` for WebSockets). */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

export const customerAuth = (store: Store, request: FastifyRequest) =>
  customers.authenticateCustomer(store.db, bearerOf(request));

export const customerRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'POST',
      url: '/v1/customer/login',
      tag: 'customer',
      summary: 'Ask for a one-time code for a contact e-mail address (same answer for unknown addresses)',
      body: customerLoginInput,
      response: z.object({ sent: z.literal(true) }),
      status: 202,
      public: true,
      handler: ({ body, reply }) => withRetryAfter(reply, () => customers.requestCode(store, body)),
    },
    {
      method: 'POST',
      url: '/v1/customer/verify',
      tag: 'customer',
      summary: 'Exchange the one-time code for a customer session token',
      body: customerVerifyInput,
      response: customerSessionSchema,
      status: 201,
      public: true,
      handler: ({ body, reply }) => withRetryAfter(reply, () => customers.verifyCode(store, body)),
    },
    {
      method: 'POST',
      url: '/v1/customer/logout',
      tag: 'customer',
      summary: 'End this customer session',
      response: z.object({ revoked: z.boolean() }),
      handler: async ({ request }) => {
        await customerAuth(store, request);
        return customers.logoutCustomer(store, bearerOf(request) ?? '');
      },
    },
    {
      method: 'GET',
      url: '/v1/customer/me',
      tag: 'customer',
      summary: 'The contact behind the session',
      response: customerMeSchema,
      handler: async ({ request }) => ({
        contact: await customers.customerProfile(store.db, await customerAuth(store, request)),
      }),
    },
    {
      method: 'GET',
      url: '/v1/customer/chats',
      tag: 'customer',
      summary: 'My chats, newest first (invitations from technicians are in state offered)',
      response: z.object({ items: z.array(customerChatSchema) }),
      handler: async ({ request }) => chats.customerChats(store.db, await customerAuth(store, request)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats',
      tag: 'customer',
      summary: 'Open a chat request in a queue (the default one unless named); origin info is recorded with the IP',
      body: customerRequestInput,
      response: customerRequestResult,
      status: 201,
      handler: async ({ request, body }) =>
        chats.requestChat(store, await customerAuth(store, request), body, { ip: request.ip ?? null }),
    },
    {
      method: 'GET',
      url: '/v1/customer/chats/:id',
      tag: 'customer',
      summary: 'One of my chats with its transcript',
      response: customerChatDetailSchema,
      handler: async ({ request, params }) =>
        chats.customerShow(store.db, await customerAuth(store, request), idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/accept',
      tag: 'customer',
      summary: "Accept a technician's invitation to chat",
      response: customerChatSchema,
      handler: async ({ request, params }) =>
        chats.customerAccept(store, await customerAuth(store, request), idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/decline',
      tag: 'customer',
      summary: "Decline a technician's invitation to chat",
      response: customerChatSchema,
      handler: async ({ request, params }) =>
        chats.customerDecline(store, await customerAuth(store, request), idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/end',
      tag: 'customer',
      summary: 'Leave a chat (a waiting request is withdrawn)',
      response: customerChatSchema,
      handler: async ({ request, params }) =>
        chats.customerEnd(store, await customerAuth(store, request), idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/messages',
      tag: 'customer',
      summary: 'Send a message (a repeated clientId answers with the original)',
      body: sendInput,
      response: chatMessageSchema,
      status: 201,
      handler: async ({ request, params, body, reply }) => {
        const customer = await customerAuth(store, request);
        return withRetryAfter(reply, () => messages.sendAsCustomer(store, customer, idParam(params), body));
      },
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/:id/files',
      tag: 'customer',
      summary: 'Send a file (raw bytes as application/octet-stream, ?name=, ≤ 20 MB, type checked by content)',
      response: chatMessageSchema,
      status: 201,
      bodyLimit: UPLOAD_BODY_LIMIT,
      handler: async ({ request, params, reply }) => {
        const customer = await customerAuth(store, request);
        return withRetryAfter(reply, () =>
          messages.attachAsCustomer(
            store,
            customer,
            idParam(params),
            fileName(request),
            uploadBody(request),
            clientIdOf(request),
          ),
        );
      },
    },
    {
      method: 'GET',
      url: '/v1/customer/chats/:id/files/:fileId',
      tag: 'customer',
      summary: 'Download a chat file (as an attachment)',
      handler: async ({ request, params, reply }) =>
        sendFile(
          reply,
          await messages.readFile(
            store.db,
            { customer: await customerAuth(store, request) },
            idParam(params),
            idParam(params, 'fileId'),
          ),
        ),
    },
    {
      method: 'POST',
      url: '/v1/customer/tickets',
      tag: 'customer',
      summary: 'Leave a ticket instead of chatting',
      body: customerTicketInput,
      response: customerTicketResult,
      status: 201,
      handler: async ({ request, body }) => customerTicket(store, await customerAuth(store, request), body),
    },
  ]);
