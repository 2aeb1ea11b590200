/**
 * What the API accepts: request bodies and query strings, validated by the server (400 naming
 * the field, nothing changed). The client only borrows their types, so commands never build these
 * schemas. The answers' shapes are in schemas.ts and ticket-properties.ts.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { SENTIMENTS } from './sentiment.js';
import {
  ACTIVITY_STATUSES,
  COMMENT_KINDS,
  IMPACTS,
  PRIORITIES,
  SORT_KEYS,
  TAG_MAX,
  TICKET_STATUSES,
  TICKET_TYPES,
  TITLE_MAX,
} from './tickets.js';

const id = z.number().check(z.int(), z.positive());
const text = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));
const clientId = z.optional(z.string().check(z.minLength(1), z.maxLength(100)));
const email = z.string().check(z.trim(), z.toLowerCase(), z.email('must be an e-mail address'), z.maxLength(320));
const tag = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(TAG_MAX), z.regex(/^[^\s,]+$/, 'must be one word without commas'));

// ---------- technicians, companies, contacts, accounts

export const createTechnicianInput = z.object({
  name: text(200),
  email,
  admin: z._default(z.boolean(), false),
  canUnmask: z._default(z.boolean(), false),
});
export type CreateTechnicianInput = z.input<typeof createTechnicianInput>;

export const createCompanyInput = z.object({ name: text(200) });

export const createContactInput = z.object({
  companyId: id,
  name: text(200),
  email,
  phone: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(50))),
});

export const grantInput = z.object({ technicianId: id, companyId: id });

export const initInput = z.object({ accountName: text(200), name: text(200), email });

// ---------- ticket properties: custom fields, CC, attachments, list filters

const fieldValues = z.record(
  z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  z.string().check(z.maxLength(1000)),
);

/** Extra properties accepted when creating a ticket. */
export const ticketPropertyCreateInput = {
  productFamily: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  /** Custom field values by field name, as typed; an empty value clears on update. */
  fields: z.optional(fieldValues),
};

/** Extra properties accepted when updating a ticket. */
export const ticketPropertyUpdateInput = {
  /** An admin-defined status by name; sets `status` to the one it maps to. */
  customStatus: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  productFamily: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(100)))),
  fields: z.optional(fieldValues),
};

/** Extra properties accepted with a reply or note. */
export const commentPropertyInput = {
  customStatus: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  /** CC recipients of a public reply: e-mail addresses, technician ids or names. */
  cc: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(320))).check(z.maxLength(50))),
  /** Uploaded attachments (see POST /v1/tickets/:id/attachments) to attach to this comment. */
  attachmentIds: z.optional(z.array(id).check(z.maxLength(20))),
  /** Marks this comment as the ticket's resolution. */
  resolution: z.optional(z.boolean()),
};

const boolFlag = z.pipe(
  z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]),
  z.transform((v) => v === true || v === 'true' || v === '1'),
);

/** Extra filters of the ticket list. */
export const listFilterQuery = {
  /** Only spam (true) instead of hiding it. */
  spam: z.optional(boolFlag),
  /** Only soft-deleted tickets instead of hiding them. */
  deleted: z.optional(boolFlag),
  /** Only tickets with a breached SLA target. */
  breached: z.optional(boolFlag),
  sentiment: z.optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((s) =>
          s
            .split(',')
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
        ),
      ),
      z.array(z.enum(SENTIMENTS)).check(z.minLength(1)),
    ),
  ),
  customStatus: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  productFamily: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  /** Custom field filters as a JSON object of name → value. */
  fields: z.optional(z.string().check(z.maxLength(4000))),
};

// ---------- tickets

export const createTicketInput = z.object({
  title: text(TITLE_MAX),
  companyId: id,
  requesterId: z.optional(id),
  priority: z._default(z.enum(PRIORITIES), 'medium'),
  type: z._default(z.enum(TICKET_TYPES), 'incident'),
  impact: z._default(z.enum(IMPACTS), 'none'),
  assigneeId: z.optional(id),
  tags: z._default(z.array(tag).check(z.maxLength(50)), []),
  message: z.optional(z.string().check(z.minLength(1))),
  clientId,
  ...ticketPropertyCreateInput,
});
export type CreateTicketInput = z.input<typeof createTicketInput>;

export const updateTicketInput = z
  .object({
    title: z.optional(text(TITLE_MAX)),
    status: z.optional(z.enum(TICKET_STATUSES)),
    type: z.optional(z.enum(TICKET_TYPES)),
    priority: z.optional(z.enum(PRIORITIES)),
    impact: z.optional(z.enum(IMPACTS)),
    activityStatus: z.optional(z.enum(ACTIVITY_STATUSES)),
    assigneeId: z.optional(z.nullable(id)),
    /** A contact of the ticket's company, or null for none. */
    requesterId: z.optional(z.nullable(id)),
    addTags: z.optional(z.array(tag).check(z.maxLength(50))),
    removeTags: z.optional(z.array(tag).check(z.maxLength(50))),
    ...ticketPropertyUpdateInput,
  })
  .check(z.refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' }));
export type UpdateTicketInput = z.input<typeof updateTicketInput>;

export const commentInput = z
  .object({
    /** Left out: what the ticket settings make the default (`tickets.default-reply`). */
    kind: z.optional(z.enum(COMMENT_KINDS)),
    body: z.optional(z.string().check(z.refine((s) => s.trim().length > 0, 'must not be empty'))),
    /**
     * A reply template the server fills in for this ticket in place of `body`: the customer's data goes
     * in clear even when the technician may only see it masked.
     */
    template: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    status: z.optional(z.enum(TICKET_STATUSES)),
    clientId,
    ...commentPropertyInput,
  })
  .check(
    z.refine((v) => (v.body === undefined) !== (v.template === undefined), {
      message: 'give a body or a template, not both',
      path: ['body'],
    }),
  );
export type CommentInput = z.input<typeof commentInput>;

const csv = <T extends z.ZodMiniType<string, string>>(item: T) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ),
    z.array(item).check(z.minLength(1)),
  );

export const listTicketsQuery = z.object({
  status: z.optional(z.union([z.literal('all'), csv(z.enum(TICKET_STATUSES))])),
  assignee: z.optional(z.union([z.literal('me'), z.literal('none'), z.coerce.number().check(z.int(), z.positive())])),
  priority: z.optional(csv(z.enum(PRIORITIES))),
  type: z.optional(csv(z.enum(TICKET_TYPES))),
  company: z.optional(z.coerce.number().check(z.int(), z.positive())),
  requester: z.optional(z.coerce.number().check(z.int(), z.positive())),
  /** Activity statuses, comma-separated (unread, read, awaiting_requester_reply, awaiting_technician_reply). */
  activity: z.optional(csv(z.enum(ACTIVITY_STATUSES))),
  tag: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(TAG_MAX))),
  search: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  sort: z._default(z.enum(SORT_KEYS), 'created'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 50),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  ...listFilterQuery,
});
