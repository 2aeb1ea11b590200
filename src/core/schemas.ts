/**
 * Request and response shapes of the REST API, shared by the server (to
 * validate what it receives) and the client (to validate what it gets back).
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import {
  commentDepthFields,
  commentDepthInput,
  listDepthQuery,
  ticketDepthCreateInput,
  ticketDepthFields,
  ticketDepthUpdateInput,
} from './ticket-depth.js';
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

export const ref = z.object({ id, name: z.string() });
export type Ref = z.infer<typeof ref>;

// ---------- technicians, companies, contacts

export const technicianSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  admin: z.boolean(),
  canUnmask: z.boolean(),
  openTickets: z.number().check(z.int(), z.nonnegative()),
  createdAt: z.string(),
});
export type Technician = z.infer<typeof technicianSchema>;

export const createTechnicianInput = z.object({
  name: text(200),
  email,
  admin: z._default(z.boolean(), false),
  canUnmask: z._default(z.boolean(), false),
});
export type CreateTechnicianInput = z.input<typeof createTechnicianInput>;

export const createdTechnicianSchema = z.extend(technicianSchema, { token: z.string() });

export const companySchema = z.object({ id, name: z.string(), createdAt: z.string() });
export type Company = z.infer<typeof companySchema>;
export const createCompanyInput = z.object({ name: text(200) });

export const contactSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.nullable(z.string()),
  company: ref,
  createdAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;
export const createContactInput = z.object({
  companyId: id,
  name: text(200),
  email,
  phone: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(50))),
});

export const grantInput = z.object({ technicianId: id, companyId: id });

export const meSchema = z.object({
  technician: technicianSchema,
  account: z.object({ id, name: z.string() }),
  tokenPrefix: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const initInput = z.object({ accountName: text(200), name: text(200), email });

// ---------- tickets

export const ticketSchema = z.object({
  id,
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  type: z.enum(TICKET_TYPES),
  priority: z.enum(PRIORITIES),
  impact: z.enum(IMPACTS),
  activityStatus: z.enum(ACTIVITY_STATUSES),
  assignee: z.nullable(ref),
  requester: z.nullable(z.object({ id, name: z.string(), email: z.string(), phone: z.nullable(z.string()) })),
  company: ref,
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...ticketDepthFields,
});
export type Ticket = z.infer<typeof ticketSchema>;

export const authorSchema = z.object({
  kind: z.enum(['technician', 'contact', 'system']),
  id: z.nullable(z.number().check(z.int())),
  name: z.string(),
});

export const commentSchema = z.object({
  id,
  kind: z.enum(COMMENT_KINDS),
  author: authorSchema,
  body: z.string(),
  truncated: z.boolean(),
  createdAt: z.string(),
  ...commentDepthFields,
});
export type Comment = z.infer<typeof commentSchema>;

export const activitySchema = z.object({
  id,
  actor: authorSchema,
  field: z.string(),
  oldValue: z.nullable(z.string()),
  newValue: z.nullable(z.string()),
  at: z.string(),
});
export type Activity = z.infer<typeof activitySchema>;

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
  ...ticketDepthCreateInput,
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
    addTags: z.optional(z.array(tag).check(z.maxLength(50))),
    removeTags: z.optional(z.array(tag).check(z.maxLength(50))),
    ...ticketDepthUpdateInput,
  })
  .check(z.refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' }));
export type UpdateTicketInput = z.input<typeof updateTicketInput>;

export const commentInput = z.object({
  kind: z.enum(COMMENT_KINDS),
  body: z.string().check(z.refine((s) => s.trim().length > 0, 'must not be empty')),
  status: z.optional(z.enum(TICKET_STATUSES)),
  clientId,
  ...commentDepthInput,
});
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
  tag: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(TAG_MAX))),
  search: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  sort: z._default(z.enum(SORT_KEYS), 'created'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 50),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  ...listDepthQuery,
});
export type ListTicketsQuery = z.input<typeof listTicketsQuery>;

export const ticketPageSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.nullable(z.string()) });
export type TicketPage = z.infer<typeof ticketPageSchema>;

// ---------- errors

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.optional(z.string()) }),
});
