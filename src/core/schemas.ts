/**
 * Response shapes of the REST API, shared by the server (which answers with them) and the client
 * (which validates what it gets back). What the API accepts for accounts, people and tickets is in
 * inputs.ts; chat, time tracking and settings keep their inputs beside their answers.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { commentPropertyFields, ticketPropertyFields } from './ticket-properties.js';
import { ACTIVITY_STATUSES, COMMENT_KINDS, IMPACTS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from './tickets.js';

const id = z.number().check(z.int(), z.positive());
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

export const createdTechnicianSchema = z.extend(technicianSchema, { token: z.string() });

export const companySchema = z.object({ id, name: z.string(), createdAt: z.string() });
export type Company = z.infer<typeof companySchema>;

export const contactSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.nullable(z.string()),
  company: ref,
  createdAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;
export const meSchema = z.object({
  technician: technicianSchema,
  account: z.object({ id, name: z.string() }),
  tokenPrefix: z.string(),
});
export type Me = z.infer<typeof meSchema>;

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
  ...ticketPropertyFields,
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
  ...commentPropertyFields,
});
export type Comment = z.infer<typeof commentSchema>;

/**
 * What adding a comment answers: the comment as stored (with its CC, files and resolution mark) and
 * the ticket as the comment left it (status, activity status, SLA, `updatedAt`…), not the whole
 * conversation.
 */
export const commentResultSchema = z.object({ ticket: ticketSchema, comment: commentSchema });
export type CommentResult = z.infer<typeof commentResultSchema>;

export const activitySchema = z.object({
  id,
  actor: authorSchema,
  field: z.string(),
  oldValue: z.nullable(z.string()),
  newValue: z.nullable(z.string()),
  at: z.string(),
});
export type Activity = z.infer<typeof activitySchema>;

export const ticketPageSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.nullable(z.string()) });
export type TicketPage = z.infer<typeof ticketPageSchema>;

// ---------- errors

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.optional(z.string()) }),
});
