/**
 * Support sessions: invitations by single-use link, joining by session number (technicians as
 * assistants, customers as participants), passing control and leaving. The join routes are rate
 * limited per caller so session numbers cannot be tried at speed.
 */
import type { Store } from '../../store/store.js';
import type { RateLimit } from '../route.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import { setSessionCookie } from '../customer-cookie.js';
import { chatSchema } from '../../../core/chat.js';
import {
  controlInput,
  customerJoinInput,
  customerJoinNumberResult,
  customerJoinResult,
  inviteInput,
  inviteResult,
  joinNumberInput,
} from '../../../core/support-sessions.js';
import { inviteCustomer, joinByNumber, joinByToken } from '../../services/chat/join-links.js';
import { joinAsAssistant, leaveChat, passControl } from '../../services/chat/assistants.js';

/** Tries of a session number or a join link per caller (technician, customer, or address). */
const JOIN_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };

export const supportSessionRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'POST',
      url: '/v1/chats/invite',
      auth: 'technician',
      tag: 'chat',
      summary:
        'Invite an e-mail address into a new chat or a running one (chatId): a single-use join link that expires with the invitation; an unknown address becomes a contact of companyId',
      body: inviteInput,
      response: inviteResult,
      status: 201,
      handler: ({ actor, body }) => inviteCustomer(store, actor, body),
    },
    {
      method: 'POST',
      url: '/v1/chats/join',
      auth: 'technician',
      tag: 'chat',
      summary: 'Join a running support session by its number as an assistant (talks; cannot transfer or end)',
      body: joinNumberInput,
      response: chatSchema,
      rateLimit: JOIN_RATE_LIMIT,
      handler: ({ actor, body }) => joinAsAssistant(store, actor, body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/control',
      auth: 'technician',
      tag: 'chat',
      summary: 'Pass control of the chat to a technician in it; you stay as an observer who can talk',
      body: controlInput,
      response: chatSchema,
      handler: ({ actor, params, body }) => passControl(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/chats/:id/leave',
      auth: 'technician',
      tag: 'chat',
      summary: 'Leave a chat you do not have control of',
      response: chatSchema,
      handler: ({ actor, params }) => leaveChat(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/customer/join',
      auth: 'public',
      tag: 'customer',
      summary:
        'Exchange a join link token for a customer session at once and enter its chat (the token dies); session: "cookie" sets the session as a cookie instead of answering it',
      body: customerJoinInput,
      response: customerJoinResult,
      status: 201,
      rateLimit: JOIN_RATE_LIMIT,
      handler: async ({ body, request, reply }) => {
        const joined = await joinByToken(store, body);
        if (customerJoinInput.parse(body).session !== 'cookie') return joined;
        setSessionCookie(request, reply, joined.token);
        return { customer: joined.customer, chatId: joined.chatId };
      },
    },
    {
      method: 'POST',
      url: '/v1/customer/chats/join',
      auth: 'customer',
      tag: 'customer',
      summary: "Join a support session of your company by its number (or open your own chat's invitation)",
      body: joinNumberInput,
      response: customerJoinNumberResult,
      rateLimit: JOIN_RATE_LIMIT,
      handler: ({ customer, body }) => joinByNumber(store, customer, body),
    },
  ]);
