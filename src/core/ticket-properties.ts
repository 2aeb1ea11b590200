/**
 * Answer shapes of ticket properties: SLA state, custom statuses and fields, product family,
 * sentiment, spam/delete/merge flags, CC, attachments, the resolution and the requester panel.
 * Shared by server and client; the ticket and comment schemas in `schemas.ts` and the detail in
 * `ticket-detail.ts` spread these fields in, and what the API accepts for them is in `inputs.ts`.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { TICKET_STATUSES } from './tickets.js';
import { SENTIMENTS } from './sentiment.js';

const id = z.number().check(z.int(), z.positive());
const ref = z.object({ id, name: z.string() });

export const slaTargetViewSchema = z.object({
  targetMs: z.number(),
  dueAt: z.string(),
  leftMs: z.nullable(z.number()),
  metAt: z.nullable(z.string()),
  met: z.boolean(),
  breached: z.boolean(),
  status: z.enum(['running', 'paused', 'stopped', 'met', 'breached']),
});
export type SlaTargetViewJson = z.infer<typeof slaTargetViewSchema>;

export const slaViewSchema = z.object({
  clock: z.enum(['running', 'paused', 'stopped']),
  response: z.nullable(slaTargetViewSchema),
  resolution: z.nullable(slaTargetViewSchema),
  /** Whether any target is breached (flagged in lists). */
  breached: z.boolean(),
  /** Time left to the nearest unmet target; negative when breached; null when nothing is due. */
  leftMs: z.nullable(z.number()),
});
export type SlaView = z.infer<typeof slaViewSchema>;

export const customStatusSchema = z.object({ id, name: z.string(), mapsTo: z.enum(TICKET_STATUSES) });
export type CustomStatus = z.infer<typeof customStatusSchema>;

/** Fields every ticket object carries besides the foundation's. */
export const ticketPropertyFields = {
  sla: z.optional(z.nullable(slaViewSchema)),
  customStatus: z.optional(z.nullable(customStatusSchema)),
  productFamily: z.optional(z.nullable(z.string())),
  fields: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  sentiment: z.optional(z.nullable(z.enum(SENTIMENTS))),
  spam: z.optional(z.boolean()),
  deletedAt: z.optional(z.nullable(z.string())),
  mergedInto: z.optional(z.nullable(z.number().check(z.int()))),
};

export const ccRecipientSchema = z.union([
  z.object({ kind: z.literal('email'), email: z.string() }),
  z.object({ kind: z.literal('technician'), id, name: z.string() }),
]);
export type CcRecipient = z.infer<typeof ccRecipientSchema>;

export const attachmentSchema = z.object({
  id,
  ticketId: id,
  commentId: z.nullable(id),
  name: z.string(),
  mime: z.string(),
  size: z.number().check(z.int(), z.nonnegative()),
  sha256: z.string(),
  uploadedBy: ref,
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** Fields every comment carries besides the foundation's. */
export const commentPropertyFields = {
  cc: z.optional(z.array(ccRecipientSchema)),
  attachments: z.optional(z.array(attachmentSchema)),
  resolution: z.optional(z.boolean()),
};

export const resolutionSchema = z.object({
  commentId: id,
  kind: z.enum(['reply', 'note']),
  author: z.object({ kind: z.string(), id: z.nullable(z.number().check(z.int())), name: z.string() }),
  body: z.string(),
  createdAt: z.string(),
});

export const satisfactionSchema = z.object({
  rating: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  comment: z.nullable(z.string()),
  createdAt: z.string(),
});

export const requesterPanelSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.nullable(z.string()),
  company: ref,
  satisfaction: z.object({
    /** The rating left on this ticket, if any. */
    ticket: z.nullable(satisfactionSchema),
    /** Average over every rated ticket of this requester. */
    average: z.nullable(z.number()),
    count: z.number().check(z.int(), z.nonnegative()),
  }),
  lastTickets: z.array(z.object({ id, title: z.string(), status: z.enum(TICKET_STATUSES), createdAt: z.string() })),
});
export type RequesterPanel = z.infer<typeof requesterPanelSchema>;

/** Fields of a ticket's detail view besides the foundation's. */
export const detailPropertyFields = {
  resolution: z.optional(z.nullable(resolutionSchema)),
  requesterPanel: z.optional(z.nullable(requesterPanelSchema)),
  viewers: z.optional(z.array(ref)),
  /** How many comments the conversation has before `--only` filtered it. */
  commentsTotal: z.optional(z.number().check(z.int(), z.nonnegative())),
};
