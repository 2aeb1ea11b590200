/**
 * Tickets as their requester sees them in the customer API and on the customer event stream:
 * status and public replies only (never internal notes, activity, SLA or sentiment), with the
 * authors' display names and the replies' attachments. Pure.
 */
import * as z from 'zod/mini';
import { SENTIMENTS } from './sentiment.js';
import { TICKET_STATUSES } from './tickets.js';
import './zod-locale.js';

const id = z.number().check(z.int(), z.positive());

export const customerTicketSchema = z.object({
  id,
  /** The number people quote (`#42`): the ticket's id. */
  number: id,
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  /** The admin-defined status shown instead of `status`, if any. */
  statusName: z.nullable(z.string()),
  requester: z.object({ id, name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The ticket the conversation moved to when this one was merged. */
  mergedInto: z.nullable(id),
  /** The requester's satisfaction rating (1–5), once given. */
  rating: z.nullable(z.number().check(z.int())),
});
export type CustomerTicket = z.infer<typeof customerTicketSchema>;

export const customerAttachmentSchema = z.object({ id, name: z.string(), size: z.number(), mime: z.string() });

/** A public reply: by a technician (their name) or by a contact (the requester or a colleague). */
export const customerCommentSchema = z.object({
  id,
  author: z.object({ kind: z.enum(['technician', 'contact']), name: z.string() }),
  body: z.string(),
  truncated: z.boolean(),
  createdAt: z.string(),
  attachments: z.array(customerAttachmentSchema),
});
export type CustomerComment = z.infer<typeof customerCommentSchema>;

export const customerTicketListSchema = z.object({ items: z.array(customerTicketSchema) });

export const customerTicketDetailSchema = z.extend(customerTicketSchema, {
  /** Public replies, oldest first. */
  comments: z.array(customerCommentSchema),
});
export type CustomerTicketDetail = z.infer<typeof customerTicketDetailSchema>;

/**
 * What the requester's comment answers: the comment as the ticket shows it and the ticket as it left
 * it (reopened, `updatedAt`), so a page adds the one reply without reading the conversation again.
 */
export const customerCommentResultSchema = z.object({
  commentId: id,
  /** The ticket that took the comment (the one a merge moved the conversation to). */
  ticketId: id,
  reopened: z.boolean(),
  sentiment: z.nullable(z.enum(SENTIMENTS)),
  ticket: customerTicketSchema,
  comment: customerCommentSchema,
});
export type CustomerCommentResult = z.infer<typeof customerCommentResultSchema>;

/** `customer.ticket-commented`: a public reply was added to one of the contact's tickets. */
export const customerTicketCommentedSchema = z.object({ ticket: customerTicketSchema, comment: customerCommentSchema });
/** `customer.ticket-status-changed`: `ticket` carries the new status. */
export const customerTicketStatusSchema = z.object({ ticket: customerTicketSchema });
