/**
 * Live chat (DESIGN §2.3, §2.4): technician availability, queues, wrap-up reasons, chats, their
 * messages and files, and the customer side. The vocabulary, the defaults and the API's request and
 * response shapes, shared by the server (to validate what it receives) and the clients. Pure.
 */
import * as z from 'zod/mini';
import { COMPOSER_MAX, TRANSFER_NOTE_MAX } from './composer.js';
import { formatDuration, parseDuration } from './duration.js';
import { invalid } from './errors.js';
import './zod-locale.js';

// ---------- vocabulary

/** Technician availability. RONA ("redirected on no answer") is set by the server only. */
export const PRESENCE_STATES = ['available', 'away', 'offline', 'rona'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
/** What a technician may set themselves. */
export const SETTABLE_PRESENCE = ['available', 'away', 'offline'] as const;

export const QUEUE_MODES = ['offer', 'pick'] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

/**
 * A chat's life: `requested` (waiting in its queue) → `offered` (to one technician, or for a
 * technician-initiated chat to the customer) → `active` → `ended`; or `declined` (the customer
 * declined a technician's invitation) or `expired` (the customer did not answer it in time, or nobody
 * accepted the customer's request in time).
 */
export const CHAT_STATES = ['requested', 'offered', 'active', 'ended', 'declined', 'expired'] as const;
export type ChatState = (typeof CHAT_STATES)[number];
export const OPEN_CHAT_STATES: readonly ChatState[] = ['requested', 'offered', 'active'];
export const CLOSED_CHAT_STATES: readonly ChatState[] = ['ended', 'declined', 'expired'];

export const REQUEST_FILTERS = ['all', 'new', 'active', 'completed'] as const;
export type RequestFilter = (typeof REQUEST_FILTERS)[number];
export const STATES_BY_FILTER: Record<RequestFilter, readonly ChatState[] | undefined> = {
  all: undefined,
  new: ['requested', 'offered'],
  active: ['active'],
  completed: CLOSED_CHAT_STATES,
};

export const DEFAULT_QUEUE_NAME = 'default';
export const DEFAULT_OFFER_TIMEOUT_MS = 120_000;
/** A conversation this long (from acceptance) gets a ticket. */
export const DEFAULT_AUTO_TICKET_MS = 120_000;
/** A technician-initiated chat expires when the customer has not accepted it in this time. */
export const DEFAULT_INVITE_TIMEOUT_MS = 120_000;
/** A customer's request nobody accepts in this time expires (the customer is offered a ticket instead). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
export const MIN_TIMEOUT_MS = 1000;
export const MAX_TIMEOUT_MS = 24 * 3_600_000;
export const AUTO_TICKET_TITLE = 'New ticket opened from chat';
/** Largest chat file. */
export const CHAT_FILE_MAX = 20 * 1024 * 1024;
/** Longest customer message (the technician composer has its own rules, see composer.ts). */
export const CUSTOMER_MESSAGE_MAX = COMPOSER_MAX;
export const WRAPUP_MAX = 100;
/** The longest preview of a chat's first customer message in lists. */
export const PREVIEW_MAX = 200;
export const QUEUE_NAME_MAX = 60;
export const STATUS_REASON_MAX = 200;

/** Deadline kinds (src/server/deadlines/handlers.ts). */
export const CHAT_DEADLINES = {
  offerTimeout: 'chat.offer-timeout',
  customerAccept: 'chat.customer-accept',
  autoTicket: 'chat.auto-ticket',
  transferTimeout: 'chat.transfer-timeout',
  conferenceTimeout: 'chat.conference-timeout',
  requestTimeout: 'chat.request-timeout',
  reoffer: 'chat.reoffer',
} as const;

/**
 * Events on the stream. `chat.requested`, `chat.updated`, `chat.message` and `chat.busy` are also
 * delivered to the chat's customer (their data is safe for them to see); the others are for
 * technicians only.
 */
export const CHAT_EVENT_TYPES = [
  'chat.requested',
  'chat.offered',
  'chat.updated',
  'chat.message',
  'chat.busy',
  'chat.transfer',
  'chat.conference',
  'chat.notice',
  'chat.ticket',
  'technician.status',
  'queue.changed',
  'queue.removed',
] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

// ---------- shapes

const id = z.number().check(z.int(), z.positive());
const name = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
const timeout = z
  .number()
  .check(
    z.int(),
    z.minimum(MIN_TIMEOUT_MS, `must be at least ${MIN_TIMEOUT_MS / 1000}s`),
    z.maximum(MAX_TIMEOUT_MS, 'must be at most 24h'),
  );
const ref = z.object({ id, name: z.string() });

export const presenceSchema = z.object({
  technician: ref,
  state: z.enum(PRESENCE_STATES),
  reason: z.nullable(z.string()),
  since: z.string(),
  activeChats: z.number().check(z.int(), z.nonnegative()),
  maxChats: z.nullable(z.number().check(z.int(), z.positive())),
});
export type Presence = z.infer<typeof presenceSchema>;

export const setStatusInput = z.object({
  state: z.enum(SETTABLE_PRESENCE),
  reason: z.optional(name(STATUS_REASON_MAX)),
});

export const maxChatsInput = z.object({
  maxChats: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
});

export const queueSchema = z.object({
  id,
  name: z.string(),
  mode: z.enum(QUEUE_MODES),
  offerTimeoutMs: z.number().check(z.int()),
  isDefault: z.boolean(),
  /** Explicit members; the default queue with none has every technician. */
  members: z.array(ref),
  allTechnicians: z.boolean(),
});
export type Queue = z.infer<typeof queueSchema>;
/** A removed queue: its name, where its waiting chats went, which chats moved and which members were told. */
export const queueRemovedSchema = z.object({
  removed: z.string(),
  movedTo: z.string(),
  chats: z.array(id),
  members: z.array(id),
});

const queueName = name(QUEUE_NAME_MAX).check(z.regex(/^[^\s,]+$/, 'must be one word without commas'));

export const createQueueInput = z.object({
  name: queueName,
  mode: z._default(z.enum(QUEUE_MODES), 'offer'),
  offerTimeoutMs: z._default(timeout, DEFAULT_OFFER_TIMEOUT_MS),
});
export const updateQueueInput = z
  .object({ mode: z.optional(z.enum(QUEUE_MODES)), offerTimeoutMs: z.optional(timeout) })
  .check(z.refine((v) => v.mode !== undefined || v.offerTimeoutMs !== undefined, { message: 'nothing to change' }));
export const queueMembersInput = z
  .object({
    add: z._default(z.array(id).check(z.maxLength(500)), []),
    remove: z._default(z.array(id).check(z.maxLength(500)), []),
  })
  .check(z.refine((v) => v.add.length + v.remove.length > 0, { message: 'nothing to change' }));

export const wrapupSchema = z.object({ id, name: z.string() });
export type Wrapup = z.infer<typeof wrapupSchema>;
export const wrapupInput = z.object({ name: name(WRAPUP_MAX) });

/** What the customer client reports about itself; the server adds the IP. */
export const originInput = z._default(
  z.object({
    os: z.optional(z.string().check(z.trim(), z.maxLength(100))),
    device: z.optional(z.string().check(z.trim(), z.maxLength(50))),
    client: z.optional(z.string().check(z.trim(), z.maxLength(100))),
    clientVersion: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  }),
  {},
);
export const originSchema = z.object({
  ip: z.nullable(z.string()),
  os: z.nullable(z.string()),
  device: z.nullable(z.string()),
  client: z.nullable(z.string()),
  clientVersion: z.nullable(z.string()),
});
export type Origin = z.infer<typeof originSchema>;

export const chatAuthorSchema = z.object({
  kind: z.enum(['contact', 'technician', 'system']),
  id: z.nullable(z.number().check(z.int())),
  name: z.string(),
});

export const chatFileSchema = z.object({ id, name: z.string(), type: z.string(), size: z.number().check(z.int()) });
export type ChatFile = z.infer<typeof chatFileSchema>;

export const chatMessageSchema = z.object({
  id,
  chatId: id,
  author: chatAuthorSchema,
  body: z.string(),
  /** Seen by technicians only (transfer notes, routing notices). */
  internal: z.boolean(),
  file: z.nullable(chatFileSchema),
  clientId: z.nullable(z.string()),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const participantSchema = z.object({
  technician: ref,
  /** `assistant`: joined by the session number, or a former owner who passed control on (talks, cannot transfer or end). */
  role: z.enum(['owner', 'conference', 'assistant']),
  state: z.enum(['invited', 'active', 'left']),
});

/** A chat as lists and events show it; safe for its customer to see too. */
export const chatSchema = z.object({
  id,
  state: z.enum(CHAT_STATES),
  initiatedBy: z.enum(['customer', 'technician']),
  queue: z.nullable(ref),
  company: ref,
  contact: z.object({ id, name: z.string(), email: z.string() }),
  owner: z.nullable(ref),
  offeredTo: z.nullable(ref),
  participants: z.array(participantSchema),
  ticketId: z.nullable(z.number().check(z.int())),
  transferPending: z.boolean(),
  /** The customer's first message (at most PREVIEW_MAX characters), null before they wrote one. */
  preview: z.optional(z.nullable(z.string())),
  /** The nine-digit number customers and assistants join the session by. */
  sessionNumber: z.optional(z.nullable(z.string())),
  requestedAt: z.string(),
  acceptedAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  updatedAt: z.string(),
});
export type Chat = z.infer<typeof chatSchema>;

export const transferSchema = z.object({
  id,
  from: ref,
  toTechnician: z.nullable(ref),
  toQueue: z.nullable(ref),
  note: z.nullable(z.string()),
  reason: z.string(),
  state: z.enum(['pending', 'accepted', 'declined', 'expired', 'cancelled']),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Transfer = z.infer<typeof transferSchema>;

export const chatDetailSchema = z.extend(chatSchema, {
  origin: originSchema,
  wrapup: z.nullable(z.string()),
  /** Each technician's wrap-up reason for their part of the chat: given, or still owed (`reason` null). */
  wrapups: z.optional(z.array(z.object({ technician: ref, reason: z.nullable(z.string()), due: z.boolean() }))),
  endedBy: z.nullable(z.string()),
  transfer: z.nullable(transferSchema),
  messages: z.array(chatMessageSchema),
  /** The event-log position this view was read at: watch the stream from here. */
  seq: z.number().check(z.int(), z.nonnegative()),
});
export type ChatDetail = z.infer<typeof chatDetailSchema>;

export const chatListSchema = z.object({ items: z.array(chatSchema) });

export const listRequestsQuery = z.object({
  filter: z._default(z.enum(REQUEST_FILTERS), 'all'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
});
export const myChatsQuery = z.object({
  /** Which of my chats: new (waiting), active, completed, or all; without it open ones (or all with `all`). */
  state: z.optional(z.enum(REQUEST_FILTERS)),
  all: z._default(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
    false,
  ),
  /** Only the chats (in any state) I still owe a wrap-up reason for. */
  wrapupDue: z._default(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
    false,
  ),
});

const clientId = z.optional(z.string().check(z.minLength(1), z.maxLength(100)));

export const sendInput = z.object({ body: z.string(), clientId });
export const startChatInput = z
  .object({
    contactId: z.optional(id),
    ticketId: z.optional(id),
    message: z.optional(z.string()),
    clientId,
  })
  .check(
    z.refine((v) => (v.contactId === undefined) !== (v.ticketId === undefined), {
      message: 'give either a contact or a ticket',
    }),
  );
export const startChatResult = z.object({ chat: chatSchema, reused: z.boolean() });
export const transferInput = z
  .object({
    toTechnicianId: z.optional(id),
    toQueue: z.optional(z.string().check(z.trim(), z.minLength(1))),
    note: z.optional(
      z.string().check(z.trim(), z.maxLength(TRANSFER_NOTE_MAX, `must be at most ${TRANSFER_NOTE_MAX} characters`)),
    ),
    reason: name(WRAPUP_MAX),
  })
  .check(
    z.refine((v) => (v.toTechnicianId === undefined) !== (v.toQueue === undefined), {
      message: 'give either a technician or a queue to transfer to',
    }),
  );
/** Ending a conference: a technician who leaves it themselves gives their wrap-up reason. */
export const conferenceInput = z.object({ technicianId: id, reason: z.optional(name(WRAPUP_MAX)) });
export const endInput = z.object({ reason: name(WRAPUP_MAX) });
export const chatTicketInput = z.object({ title: z.optional(name(300)) });
export const chatTicketResult = z.object({ ticketId: id, created: z.boolean(), title: z.string() });
export const acceptResult = z.object({
  chat: chatSchema,
  accepted: z.enum(['offer', 'transfer', 'conference', 'invitation']),
});
/** A technician's answer to an offer, a transfer or a conference invitation they declined. */
export const declineResult = z.object({
  chat: chatSchema,
  declined: z.enum(['offer', 'transfer', 'conference']),
});

/** Parses a chat timer setting typed by a person (`10s`, `2m`) into its canonical stored text. */
export function parseChatTimeoutSetting(key: string, raw: string): string {
  const ms = parseDuration(raw);
  if (ms === undefined || ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS) {
    throw invalid(`${key} must be a duration from 1s to 24h such as 30s or 2m, got "${raw}"`);
  }
  return formatDuration(ms);
}
