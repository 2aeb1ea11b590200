/**
 * Support sessions: every chat has a nine-digit session number that customers and assistant
 * technicians type to join it; a technician invites a customer with a single-use join link
 * (`/join/TOKEN`); several customers may share one session; an assistant talks but does not
 * transfer or end; the owner passes control to an assistant and stays as an observer. The request
 * and answer shapes shared by the server and its clients. Pure.
 */
import * as z from 'zod/mini';
import { chatSchema } from './chat.js';
import { invalid } from './errors.js';
import { normaliseSessionNumber } from './session-number.js';
import './zod-locale.js';

export { normaliseSessionNumber } from './session-number.js';

/** What a join link's path starts with; the token follows. */
export const JOIN_PATH = '/join/';
/** The prefix of a join-link token (the rest is 256 random bits). */
export const JOIN_TOKEN_PREFIX = 'dj_';
/** Customers per session unless the admin setting `chat.max-customers` says otherwise. */
export const DEFAULT_MAX_CUSTOMERS = 5;
const MAX_CUSTOMERS_LIMIT = 50;

/** The token in a join link, a `/join/TOKEN` path or a bare token; undefined when it is none of these. */
export function joinTokenOf(raw: string): string | undefined {
  const text = raw.trim();
  const at = text.lastIndexOf(JOIN_PATH);
  const token = at >= 0 ? text.slice(at + JOIN_PATH.length).split(/[?#/]/)[0]! : text;
  return /^dj_[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
}

/** Parses the admin setting `chat.max-customers`. */
export function parseMaxCustomers(raw: string): string {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_CUSTOMERS_LIMIT) {
    throw invalid(`chat.max-customers must be a whole number from 1 to ${MAX_CUSTOMERS_LIMIT}, got "${raw}"`);
  }
  return String(n);
}

const id = z.number().check(z.int(), z.positive());
const sessionNumber = z.string().check(
  z.trim(),
  z.refine((v) => normaliseSessionNumber(v) !== undefined, 'must be the 9-digit session number'),
);

export const inviteInput = z.object({
  /** The running chat to invite into; without it a new chat is started with the contact. */
  chatId: z.optional(id),
  email: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(320)),
  /** The name of a contact made for an unknown address (default: the address's local part). */
  name: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200))),
  /** The company an unknown address's contact is made in (required then). */
  companyId: z.optional(id),
  /** A first message for a new chat (composer rules). */
  message: z.optional(z.string()),
});
export type InviteInput = z.input<typeof inviteInput>;

export const inviteResult = z.object({
  chat: chatSchema,
  contact: z.object({ id, name: z.string(), email: z.string(), created: z.boolean() }),
  /** The link was mailed to the contact (an SMTP transport is set); absent from servers that mail no link. */
  mailed: z.optional(z.boolean()),
  /** The path of the single-use join link: the server's address goes in front. */
  path: z.string(),
  sessionNumber: z.string(),
  expiresAt: z.string(),
});
export type InviteResult = z.infer<typeof inviteResult>;

export const joinNumberInput = z.object({ sessionNumber });
export const controlInput = z.object({ technicianId: id });

/** A join-link token for a customer session (the cookie form is the web app's). */
export const customerJoinInput = z.object({
  token: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200)),
  session: z.optional(z.enum(['token', 'cookie'])),
});
const customerRef = z.object({
  id,
  name: z.string(),
  email: z.string(),
  company: z.object({ id, name: z.string() }),
});
export const customerJoinResult = z.object({
  /** The customer session token; absent when it went into a cookie. */
  token: z.optional(z.string()),
  customer: customerRef,
  chatId: id,
});
export const customerJoinNumberResult = z.object({ chatId: id });
