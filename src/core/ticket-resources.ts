/**
 * Request and response shapes of the ticket resources: SLA
 * policies, custom statuses and fields, templates, products and expenses,
 * notifications, merge, satisfaction and presence.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { PRIORITIES, TICKET_STATUSES } from './tickets.js';
import { FIELD_KINDS } from './custom-fields.js';
import { ITEM_KINDS } from './items.js';
import { TEMPLATE_BODY_MAX } from './templates.js';
import { ticketSchema } from './schemas.js';

const id = z.number().check(z.int(), z.positive());
const ref = z.object({ id, name: z.string() });
const name = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
/** Longest SLA target: one year. */
const SLA_MAX_MS = 366 * 24 * 3_600_000;
const targetMs = z
  .number()
  .check(z.int(), z.minimum(60_000, 'must be at least 1 minute'), z.maximum(SLA_MAX_MS, 'must be at most 366 days'));

// ---------- SLA policies

export const slaPolicySchema = z.object({
  priority: z.enum(PRIORITIES),
  responseMs: z.nullable(z.number()),
  resolutionMs: z.nullable(z.number()),
  updatedAt: z.string(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const slaPolicyInput = z
  .object({ priority: z.enum(PRIORITIES), responseMs: z.optional(targetMs), resolutionMs: z.optional(targetMs) })
  .check(
    z.refine((v) => v.responseMs !== undefined || v.resolutionMs !== undefined, {
      message: 'give a response target, a resolution target or both',
    }),
  );

// ---------- custom statuses and fields

export const customStatusInput = z.object({
  name: name(100).check(z.regex(/^[^,]+$/, 'must not contain commas')),
  mapsTo: z.enum(TICKET_STATUSES),
});

export const customFieldSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(FIELD_KINDS),
  choices: z.nullable(z.array(z.string())),
  createdAt: z.string(),
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const customFieldInput = z
  .object({
    name: name(100).check(z.regex(/^[^=,]+$/, 'must not contain = or commas')),
    kind: z.enum(FIELD_KINDS),
    choices: z.optional(z.array(name(100)).check(z.maxLength(100))),
  })
  .check(
    z.refine((v) => (v.kind === 'choice') === (v.choices !== undefined && v.choices.length > 0), {
      message: 'a choice field needs choices, and only a choice field takes them',
      path: ['choices'],
    }),
  );

// ---------- templates

export const templateSchema = z.object({
  id,
  name: z.string(),
  body: z.string(),
  createdBy: ref,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof templateSchema>;

export const templateInput = z.object({
  name: name(100).check(z.regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'must be letters, digits, spaces, dots, dashes')),
  body: name(TEMPLATE_BODY_MAX),
});

export const renderedTemplateSchema = z.object({ name: z.string(), ticketId: id, body: z.string() });

// ---------- products and expenses

export const itemSchema = z.object({
  id,
  ticketId: id,
  kind: z.enum(ITEM_KINDS),
  name: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  total: z.string(),
  createdBy: ref,
  createdAt: z.string(),
});
export type Item = z.infer<typeof itemSchema>;

export const itemListSchema = z.object({
  items: z.array(itemSchema),
  totals: z.object({ product: z.string(), expense: z.string(), all: z.string() }),
});

export const itemInput = z.object({
  kind: z.enum(ITEM_KINDS),
  name: name(200),
  /** Decimal text, at most three decimals, more than zero. */
  quantity: z.string().check(z.maxLength(20)),
  /** Decimal text, at most two decimals. */
  unitPrice: z.string().check(z.maxLength(20)),
});

// ---------- notifications

export const notificationSchema = z.object({
  id,
  ticket: z.object({ id, title: z.string() }),
  by: ref,
  excerpt: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  read: z.boolean(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationQuery = z.object({
  unread: z.optional(
    z.pipe(
      z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]),
      z.transform((v) => v === true || v === 'true' || v === '1'),
    ),
  ),
});

// ---------- actions

export const mergeInput = z.object({ into: id });

/** Both tickets after a merge and how much moved from the source to the target. */
export const mergeResultSchema = z.object({
  source: ticketSchema,
  target: ticketSchema,
  moved: z.object({
    comments: z.number(),
    attachments: z.number(),
    items: z.number(),
    timeEntries: z.number(),
    chats: z.number(),
  }),
});
export const spamInput = z.object({ spam: z._default(z.boolean(), true) });

export const satisfactionInput = z.object({
  rating: z.number().check(z.int(), z.minimum(1, 'must be 1 to 5'), z.maximum(5, 'must be 1 to 5')),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

export const viewersSchema = z.object({ ticketId: id, viewers: z.array(ref) });
