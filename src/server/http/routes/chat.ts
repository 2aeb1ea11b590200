/** Live chat for technicians: availability, queues, wrap-up reasons, requests and chats. */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { FastifyReply } from 'fastify';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { UPLOAD_BODY_LIMIT, clientIdOf, fileName, sendFile, uploadBody } from '../chat-files.js';
import { idParam } from '../params.js';
import * as presence from '../../services/chat/presence.js';
import * as queues from '../../services/chat/queues.js';
import * as chats from '../../services/chat/chats.js';
import * as messages from '../../services/chat/messages.js';
import { chatTicket } from '../../services/chat/chat-tickets.js';
import { codeForContact, RateLimited } from '../../services/chat/customers.js';
import {
  acceptResult,
  chatDetailSchema,
  chatListSchema,
  chatMessageSchema,
  chatSchema,
  chatTicketInput,
  chatTicketResult,
  codeSchema,
  conferenceInput,
  createQueueInput,
  endInput,
  listRequestsQuery,
  maxChatsInput,
  myChatsQuery,
  presenceSchema,
  queueMembersInput,
  queueSchema,
  sendInput,
  setStatusInput,
  startChatInput,
  startChatResult,
  transferInput,
  updateQueueInput,
  wrapupInput,
  wrapupSchema,
} from '../../../core/chat.js';

/** Runs `fn`; a rate-limit answer carries `Retry-After`. */
export async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RateLimited) reply.header('retry-after', String(err.retryAfterSeconds));
    throw err;
  }
}

export const chatRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/status',
      tag: 'chat',
      summary: 'My availability (available, away, offline, rona) and chat load',
      response: presenceSchema,
      handler: ({ actor }) => presence.getStatus(store.db, actor),
    },
    {
      method: 'PUT',
      url: '/v1/status',
      tag: 'chat',
      summary: 'Set my availability; Available also leaves RONA',
      body: setStatusInput,
      response: presenceSchema,
      handler: ({ actor, body }) => presence.setStatus(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/status/team',
      tag: 'chat',
      summary: "Every technician's availability and chat load",
      response: z.array(presenceSchema),
      handler: () => presence.listStatuses(store.db),
    },
    {
      method: 'PUT',
      url: '/v1/technicians/:id/max-chats',
      tag: 'chat',
      summary: "Set a technician's most concurrent chats, null for unlimited (admin)",
      body: maxChatsInput,
      response: presenceSchema,
      handler: ({ actor, params, body }) => presence.setMaxChats(store, actor, idParam(params), body),
    },
    {
      method: 'GET',
      url: '/v1/queues',
      tag: 'chat',
      summary: 'Chat queues with their mode, offer timeout and members',
      response: z.array(queueSchema),
      handler: () => queues.listQueues(store.db),
    },
    {
      method: 'POST',
      url: '/v1/queues',
      tag: 'chat',
      summary: 'Add a chat queue (admin)',
      body: createQueueInput,
      response: queueSchema,
      status: 201,
      handler: ({ actor, body }) => queues.addQueue(store, actor, body),
    },
    {
      method: 'PATCH',
      url: '/v1/queues/:id',
      tag: 'chat',
      summary: "Change a queue's mode or offer timeout (admin)",
      body: updateQueueInput,
      response: queueSchema,
      handler: ({ actor, params, body }) => queues.updateQueue(store, actor, String(idParam(params)), body),
    },
    {
      method: 'POST',
      url: '/v1/queues/:id/members',
      tag: 'chat',
      summary: 'Add and remove queue members (admin)',
      body: queueMembersInput,
      response: queueSchema,
      handler: ({ actor, params, body }) => queues.changeMembers(store, actor, String(idParam(params)), body),
    },
    {
      method: 'GET',
      url: '/v1/wrapups',
      tag: 'chat',
      summary: 'Wrap-up reasons for ending chats',
      response: z.array(wrapupSchema),
      handler: () => queues.listWrapups(store.db),
    },
    {
      method: 'POST',
      url: '/v1/wrapups',
      tag: 'chat',
      summary: 'Add a wrap-up reason (admin)',
      body: wrapupInput,
      response: wrapupSchema,
      status: 201,
      handler: ({ actor, body }) => queues.addWrapup(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/wrapups/:id',
      tag: 'chat',
      summary: 'Remove a wrap-up reason (admin)',
      response: z.object({ removed: z.string() }),
      handler: ({ actor, params }) => queues.removeWrapup(store, actor, idParam(params)),
    },
    {
      method: 'GET',
      url: '/v1/admin/contacts/code',
      tag: 'chat',
      summary: 'The identity code waiting for a contact, to read out to them (admin)',
      query: z.object({ email: z.string() }),
      response: codeSchema,
      handler: ({ actor, query }) => codeForContact(store, actor, String(query.email ?? '')),
    },
    {
      method: 'GET',
      url: '/v1/chats/requests',
      tag: 'chat',
      summary: 'Chat requests of granted companies: all, new, active or completed',
      query: listRequestsQuery,
      response: chatListSchema,
      handler: ({ actor, query }) => chats.listRequests(store.db, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/chats',
      tag: 'chat',
      summary: 'My chats (open ones, or all with all=true), offers and invitations',
      query: myChatsQuery,
      response: chatListSchema,
      handler: ({ actor, query }) => chats.listMyChats(store.db, actor, query),
    },
    {
      method: 'POST',
      url: '/v1/chats',
      tag: 'chat',
      summary: "Start a chat with a contact or a ticket's requester; the customer must accept in time",
      body: startChatInput,
      response: startChatResult,
      status: 201,
      handler: ({ actor, body }) => chats.startChat(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/chats/:id',
      tag: 'chat',
      summary: 'A chat with its origin, participants, transfer and transcript',
      response: chatDetailSchema,
      handler: ({ actor, params }) => chats.showChat(store.db, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/accept',
      tag: 'chat',
      summary: 'Accept an offer, a transfer or a conference invitation',
      response: acceptResult,
      handler: ({ actor, params }) => chats.acceptChat(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/decline',
      tag: 'chat',
      summary: 'Decline an offer (it goes to the next technician), a transfer or an invitation',
      response: z.object({ chat: chatSchema, declined: z.string() }),
      handler: ({ actor, params }) => chats.declineChat(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/take',
      tag: 'chat',
      summary: 'Take a waiting request of a pick-mode queue (the first one wins)',
      response: chatSchema,
      handler: ({ actor, params }) => chats.takeChat(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/unassign',
      tag: 'chat',
      summary: 'Return a chat to its queue',
      response: chatSchema,
      handler: ({ actor, params }) => chats.unassignChat(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/transfer',
      tag: 'chat',
      summary: 'Ask a technician or a queue to take over; the chat stays with the owner until accepted',
      body: transferInput,
      response: chatSchema,
      handler: ({ actor, params, body }) => chats.transferChat(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/conference',
      tag: 'chat',
      summary: 'Invite another technician into the chat',
      body: conferenceInput,
      response: chatSchema,
      handler: ({ actor, params, body }) => chats.conferenceChat(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/end-conference',
      tag: 'chat',
      summary: 'Remove a technician from the conference',
      body: conferenceInput,
      response: chatSchema,
      handler: ({ actor, params, body }) => chats.endConference(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/end',
      tag: 'chat',
      summary: 'End a chat with a wrap-up reason',
      body: endInput,
      response: chatSchema,
      handler: ({ actor, params, body }) => chats.endChat(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/ticket',
      tag: 'chat',
      summary: "Make the chat's ticket now, or rename it",
      body: chatTicketInput,
      response: chatTicketResult,
      handler: ({ actor, params, body }) => chatTicket(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/messages',
      tag: 'chat',
      summary: 'Send a message (composer rules; a repeated clientId answers with the original)',
      body: sendInput,
      response: chatMessageSchema,
      status: 201,
      handler: ({ actor, params, body, reply }) =>
        withRetryAfter(reply, () => messages.sendAsTechnician(store, actor, idParam(params), body)),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/files',
      tag: 'chat',
      summary: 'Send a file (raw bytes as application/octet-stream, ?name=, ≤ 20 MB, type checked by content)',
      response: chatMessageSchema,
      status: 201,
      bodyLimit: UPLOAD_BODY_LIMIT,
      handler: ({ actor, params, request, reply }) =>
        withRetryAfter(reply, () =>
          messages.attachAsTechnician(
            store,
            actor,
            idParam(params),
            fileName(request),
            uploadBody(request),
            clientIdOf(request),
          ),
        ),
    },
    {
      method: 'GET',
      url: '/v1/chats/:id/files/:fileId',
      tag: 'chat',
      summary: 'Download a chat file (as an attachment)',
      handler: async ({ actor, params, reply }) =>
        sendFile(
          reply,
          await messages.readFile(store.db, { technician: actor }, idParam(params), idParam(params, 'fileId')),
        ),
    },
  ]);
