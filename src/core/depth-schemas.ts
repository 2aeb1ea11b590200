/**
 * Request and response shapes of the ticket-depth resources (issue 7): SLA
 * policies, custom statuses and fields, templates, products and expenses,
 * notifications, merge, satisfaction and presence.
 */
import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES } from './tickets.js';
import { FIELD_KINDS } from './custom-fields.js';
import { ITEM_KINDS } from './items.js';
import { TEMPLATE_BODY_MAX } from './templates.js';

const id = z.number().int().positive();
const ref = z.object({ id, name: z.string() });
const name = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
/** Longest SLA target: one year. */
const SLA_MAX_MS = 366 * 24 * 3_600_000;
const targetMs = z.number().int().min(60_000, 'must be at least 1 minute').max(SLA_MAX_MS, 'must be at most 366 days');

// ---------- SLA policies

export const slaPolicySchema = z.object({
  priority: z.enum(PRIORITIES),
  responseMs: z.number().nullable(),
  resolutionMs: z.number().nullable(),
  updatedAt: z.string(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const slaPolicyInput = z
  .object({ priority: z.enum(PRIORITIES), responseMs: targetMs.optional(), resolutionMs: targetMs.optional() })
  .refine((v) => v.responseMs !== undefined || v.resolutionMs !== undefined, {
    message: 'give a response target, a resolution target or both',
  });

// ---------- custom statuses and fields

export const customStatusInput = z.object({
  name: name(100).regex(/^[^,]+$/, 'must not contain commas'),
  mapsTo: z.enum(TICKET_STATUSES),
});

export const customFieldSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(FIELD_KINDS),
  choices: z.array(z.string()).nullable(),
  createdAt: z.string(),
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const customFieldInput = z
  .object({
    name: name(100).regex(/^[^=,]+$/, 'must not contain = or commas'),
    kind: z.enum(FIELD_KINDS),
    choices: z.array(name(100)).max(100).optional(),
  })
  .refine((v) => (v.kind === 'choice') === (v.choices !== undefined && v.choices.length > 0), {
    message: 'a choice field needs choices, and only a choice field takes them',
    path: ['choices'],
  });

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
  name: name(100).regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'must be letters, digits, spaces, dots, dashes'),
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
  quantity: z.string().max(20),
  /** Decimal text, at most two decimals. */
  unitPrice: z.string().max(20),
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
  unread: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .optional(),
});

// ---------- actions

export const mergeInput = z.object({ into: id });
export const spamInput = z.object({ spam: z.boolean().default(true) });

export const satisfactionInput = z.object({
  rating: z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  comment: z.string().trim().max(2000).optional(),
});

export const viewersSchema = z.object({ ticketId: id, viewers: z.array(ref) });
