/**
 * Request and response shapes of the REST API, shared by the server (to
 * validate what it receives) and the client (to validate what it gets back).
 */
import { z } from 'zod';
import {
  commentDepthFields,
  commentDepthInput,
  detailDepthFields,
  listDepthQuery,
  ticketDepthCreateInput,
  ticketDepthFields,
  ticketDepthUpdateInput,
} from './ticket-depth.js';
import { ticketTimeSchema } from './time.js';
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

const id = z.number().int().positive();
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const clientId = z.string().min(1).max(100).optional();
const email = z.string().trim().toLowerCase().email('must be an e-mail address').max(320);
const tag = z
  .string()
  .trim()
  .min(1)
  .max(TAG_MAX)
  .regex(/^[^\s,]+$/, 'must be one word without commas');

export const ref = z.object({ id, name: z.string() });
export type Ref = z.infer<typeof ref>;

// ---------- technicians, companies, contacts

export const technicianSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  admin: z.boolean(),
  canUnmask: z.boolean(),
  openTickets: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type Technician = z.infer<typeof technicianSchema>;

export const createTechnicianInput = z.object({
  name: text(200),
  email,
  admin: z.boolean().default(false),
  canUnmask: z.boolean().default(false),
});
export type CreateTechnicianInput = z.input<typeof createTechnicianInput>;

export const createdTechnicianSchema = technicianSchema.extend({ token: z.string() });

export const companySchema = z.object({ id, name: z.string(), createdAt: z.string() });
export type Company = z.infer<typeof companySchema>;
export const createCompanyInput = z.object({ name: text(200) });

export const contactSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  company: ref,
  createdAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;
export const createContactInput = z.object({
  companyId: id,
  name: text(200),
  email,
  phone: z.string().trim().min(3).max(50).optional(),
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
  assignee: ref.nullable(),
  requester: z.object({ id, name: z.string(), email: z.string(), phone: z.string().nullable() }).nullable(),
  company: ref,
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...ticketDepthFields,
});
export type Ticket = z.infer<typeof ticketSchema>;

export const authorSchema = z.object({
  kind: z.enum(['technician', 'contact', 'system']),
  id: z.number().int().nullable(),
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
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  at: z.string(),
});
export type Activity = z.infer<typeof activitySchema>;

export const ticketDetailSchema = ticketSchema.extend({
  comments: z.array(commentSchema),
  activity: z.array(activitySchema),
  ...detailDepthFields,
  /** The ticket's time entries and totals (time tracking). */
  time: ticketTimeSchema.optional(),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

export const createTicketInput = z.object({
  title: text(TITLE_MAX),
  companyId: id,
  requesterId: id.optional(),
  priority: z.enum(PRIORITIES).default('medium'),
  type: z.enum(TICKET_TYPES).default('incident'),
  impact: z.enum(IMPACTS).default('none'),
  assigneeId: id.optional(),
  tags: z.array(tag).max(50).default([]),
  message: z.string().min(1).optional(),
  clientId,
  ...ticketDepthCreateInput,
});
export type CreateTicketInput = z.input<typeof createTicketInput>;

export const updateTicketInput = z
  .object({
    title: text(TITLE_MAX).optional(),
    status: z.enum(TICKET_STATUSES).optional(),
    type: z.enum(TICKET_TYPES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    impact: z.enum(IMPACTS).optional(),
    activityStatus: z.enum(ACTIVITY_STATUSES).optional(),
    assigneeId: id.nullable().optional(),
    addTags: z.array(tag).max(50).optional(),
    removeTags: z.array(tag).max(50).optional(),
    ...ticketDepthUpdateInput,
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' });
export type UpdateTicketInput = z.input<typeof updateTicketInput>;

export const commentInput = z.object({
  kind: z.enum(COMMENT_KINDS),
  body: z.string().refine((s) => s.trim().length > 0, 'must not be empty'),
  status: z.enum(TICKET_STATUSES).optional(),
  clientId,
  ...commentDepthInput,
});
export type CommentInput = z.input<typeof commentInput>;

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

export const listTicketsQuery = z.object({
  status: z.union([z.literal('all'), csv(z.enum(TICKET_STATUSES))]).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.coerce.number().int().positive()]).optional(),
  priority: csv(z.enum(PRIORITIES)).optional(),
  type: csv(z.enum(TICKET_TYPES)).optional(),
  company: z.coerce.number().int().positive().optional(),
  requester: z.coerce.number().int().positive().optional(),
  tag: z.string().trim().min(1).max(TAG_MAX).optional(),
  search: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(SORT_KEYS).default('created'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  ...listDepthQuery,
});
export type ListTicketsQuery = z.input<typeof listTicketsQuery>;

export const ticketPageSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() });
export type TicketPage = z.infer<typeof ticketPageSchema>;

// ---------- errors

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
