/**
 * Shapes of the ticket-depth API (issue 7): SLA state, custom statuses and
 * fields, product family, sentiment, spam/delete/merge flags, CC, attachments,
 * the resolution and the requester panel. Shared by server and client; the
 * ticket schemas in `schemas.ts` spread these fields in.
 */
import { z } from 'zod';
import { TICKET_STATUSES } from './tickets.js';
import { SENTIMENTS } from './sentiment.js';

const id = z.number().int().positive();
const ref = z.object({ id, name: z.string() });

export const slaTargetViewSchema = z.object({
  targetMs: z.number(),
  dueAt: z.string(),
  leftMs: z.number().nullable(),
  metAt: z.string().nullable(),
  met: z.boolean(),
  breached: z.boolean(),
  status: z.enum(['running', 'paused', 'stopped', 'met', 'breached']),
});
export type SlaTargetViewJson = z.infer<typeof slaTargetViewSchema>;

export const slaViewSchema = z.object({
  clock: z.enum(['running', 'paused', 'stopped']),
  response: slaTargetViewSchema.nullable(),
  resolution: slaTargetViewSchema.nullable(),
  /** Whether any target is breached (flagged in lists). */
  breached: z.boolean(),
  /** Time left to the nearest unmet target; negative when breached; null when nothing is due. */
  leftMs: z.number().nullable(),
});
export type SlaView = z.infer<typeof slaViewSchema>;

export const customStatusSchema = z.object({ id, name: z.string(), mapsTo: z.enum(TICKET_STATUSES) });
export type CustomStatus = z.infer<typeof customStatusSchema>;

/** Fields every ticket object carries besides the foundation's. */
export const ticketDepthFields = {
  sla: slaViewSchema.nullable().optional(),
  customStatus: customStatusSchema.nullable().optional(),
  productFamily: z.string().nullable().optional(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  sentiment: z.enum(SENTIMENTS).nullable().optional(),
  spam: z.boolean().optional(),
  deletedAt: z.string().nullable().optional(),
  mergedInto: z.number().int().nullable().optional(),
};

export const ccRecipientSchema = z.union([
  z.object({ kind: z.literal('email'), email: z.string() }),
  z.object({ kind: z.literal('technician'), id, name: z.string() }),
]);
export type CcRecipient = z.infer<typeof ccRecipientSchema>;

export const attachmentSchema = z.object({
  id,
  ticketId: id,
  commentId: id.nullable(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  uploadedBy: ref,
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** Fields every comment carries besides the foundation's. */
export const commentDepthFields = {
  cc: z.array(ccRecipientSchema).optional(),
  attachments: z.array(attachmentSchema).optional(),
  resolution: z.boolean().optional(),
};

export const resolutionSchema = z.object({
  commentId: id,
  kind: z.enum(['reply', 'note']),
  author: z.object({ kind: z.string(), id: z.number().int().nullable(), name: z.string() }),
  body: z.string(),
  createdAt: z.string(),
});

export const satisfactionSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  createdAt: z.string(),
});

export const requesterPanelSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  company: ref,
  satisfaction: z.object({
    /** The rating left on this ticket, if any. */
    ticket: satisfactionSchema.nullable(),
    /** Average over every rated ticket of this requester. */
    average: z.number().nullable(),
    count: z.number().int().nonnegative(),
  }),
  lastTickets: z.array(z.object({ id, title: z.string(), status: z.enum(TICKET_STATUSES), createdAt: z.string() })),
});
export type RequesterPanel = z.infer<typeof requesterPanelSchema>;

/** Fields of a ticket's detail view besides the foundation's. */
export const detailDepthFields = {
  resolution: resolutionSchema.nullable().optional(),
  requesterPanel: requesterPanelSchema.nullable().optional(),
  viewers: z.array(ref).optional(),
  /** How many comments the conversation has before `--only` filtered it. */
  commentsTotal: z.number().int().nonnegative().optional(),
};

// ---------- inputs

const fieldValues = z.record(z.string().trim().min(1).max(100), z.string().max(1000));

/** Extra properties accepted when creating a ticket. */
export const ticketDepthCreateInput = {
  productFamily: z.string().trim().min(1).max(100).optional(),
  /** Custom field values by field name, as typed; an empty value clears on update. */
  fields: fieldValues.optional(),
};

/** Extra properties accepted when updating a ticket. */
export const ticketDepthUpdateInput = {
  /** An admin-defined status by name; sets `status` to the one it maps to. */
  customStatus: z.string().trim().min(1).max(100).optional(),
  productFamily: z.string().trim().max(100).nullable().optional(),
  fields: fieldValues.optional(),
};

/** Extra properties accepted with a reply or note. */
export const commentDepthInput = {
  customStatus: z.string().trim().min(1).max(100).optional(),
  /** CC recipients of a public reply: e-mail addresses, technician ids or names. */
  cc: z.array(z.string().trim().min(1).max(320)).max(50).optional(),
  /** Uploaded attachments (see POST /v1/tickets/:id/attachments) to attach to this comment. */
  attachmentIds: z.array(id).max(20).optional(),
  /** Marks this comment as the ticket's resolution. */
  resolution: z.boolean().optional(),
};

const boolFlag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** Extra filters of the ticket list. */
export const listDepthQuery = {
  /** Only spam (true) instead of hiding it. */
  spam: boolFlag.optional(),
  /** Only soft-deleted tickets instead of hiding them. */
  deleted: boolFlag.optional(),
  /** Only tickets with a breached SLA target. */
  breached: boolFlag.optional(),
  sentiment: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(SENTIMENTS)).min(1))
    .optional(),
  customStatus: z.string().trim().min(1).max(100).optional(),
  productFamily: z.string().trim().min(1).max(100).optional(),
  /** Custom field filters as a JSON object of name → value. */
  fields: z.string().max(4000).optional(),
};
