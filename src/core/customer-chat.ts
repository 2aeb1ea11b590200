/**
 * The customer side of live chat (DESIGN §2.3): sign-in by e-mail code, the chat as its customer
 * sees it, requests, tickets left by customers and the customer's message rule. Shapes shared by the
 * server and the clients. Pure.
 */
import * as z from 'zod/mini';
import { CHAT_STATES, CUSTOMER_MESSAGE_MAX, chatMessageSchema, originInput } from './chat.js';
import './zod-locale.js';

const id = z.number().check(z.int(), z.positive());
const name = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
const ref = z.object({ id, name: z.string() });
const clientId = z.optional(z.string().check(z.minLength(1), z.maxLength(100)));

export const customerLoginInput = z.object({
  email: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(320)),
});
export const customerVerifyInput = z.object({
  email: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(320)),
  code: z.string().check(z.trim(), z.regex(/^\d{6}$/, 'must be the 6-digit code')),
  /** `cookie`: the session goes in an HttpOnly cookie (browsers) instead of the answer. */
  session: z.optional(z.enum(['cookie', 'token'])),
});
export const customerSessionSchema = z.object({
  token: z.string(),
  contact: z.object({ id, name: z.string(), email: z.string(), company: ref }),
});
export const customerMeSchema = z.object({
  contact: z.object({ id, name: z.string(), email: z.string(), company: ref }),
});
export const codeSchema = z.object({ email: z.string(), code: z.string(), expiresAt: z.string() });

/** A chat as its customer sees it. */
export const customerChatSchema = z.object({
  id,
  state: z.enum(CHAT_STATES),
  initiatedBy: z.enum(['customer', 'technician']),
  queue: z.nullable(z.string()),
  technician: z.nullable(z.object({ name: z.string() })),
  ticketId: z.nullable(z.number().check(z.int())),
  sessionNumber: z.optional(z.nullable(z.string())),
  requestedAt: z.string(),
  acceptedAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  /** A technician's invitation still waiting for the customer: when it expires (the server's clock). */
  expiresAt: z.optional(z.nullable(z.string())),
  /**
   * In answers to one customer (their list, one chat, leaving): they joined as a guest and have left.
   * The session may go on without them; for them it is over.
   */
  left: z.optional(z.boolean()),
});
export type CustomerChat = z.infer<typeof customerChatSchema>;
export const customerChatListSchema = z.object({ items: z.array(customerChatSchema) });
export const customerChatDetailSchema = z.extend(customerChatSchema, {
  messages: z.array(chatMessageSchema),
  seq: z.number().check(z.int(), z.nonnegative()),
  /** The server's time when it answered, to count down to `expiresAt` on another clock. */
  now: z.optional(z.string()),
  /** The one asking joined the session as a guest: it is not their chat, they leave it rather than end it. */
  guest: z.optional(z.boolean()),
});
/** A customer's rating of a chat they were in (rating again replaces it). */
export const customerChatRatingSchema = z.object({
  chatId: id,
  rating: z.number().check(z.int()),
  comment: z.nullable(z.string()),
  createdAt: z.string(),
});
export type CustomerChatRating = z.infer<typeof customerChatRatingSchema>;
export const customerRequestInput = z.object({
  queue: z.optional(z.string().check(z.trim(), z.minLength(1))),
  message: z.optional(z.string()),
  origin: originInput,
  clientId,
});
export const customerRequestResult = z.object({
  chat: customerChatSchema,
  /** No technician could take it right now: the desk is busy (it waits in the queue). */
  busy: z.boolean(),
});
export const customerTicketInput = z.object({
  title: name(300),
  message: z.string().check(z.refine((s) => s.trim().length > 0, 'must not be empty')),
  clientId,
});
export const customerTicketResult = z.object({ ticketId: id, title: z.string() });

/** Customer text: not blank and at most {@link CUSTOMER_MESSAGE_MAX} characters. */
export function checkCustomerMessage(text: string): string | undefined {
  if (text.trim().length === 0) return 'The message is empty.';
  if ([...text].length > CUSTOMER_MESSAGE_MAX)
    return `The message is too long; the limit is ${CUSTOMER_MESSAGE_MAX} characters.`;
  return undefined;
}
