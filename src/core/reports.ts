/**
 * Reports (issue 18): what `GET /v1/reports/<name>` accepts and answers, shared by the server and the
 * client. Every answer has the whole range's `totals` and per-period (or per-group) `rows`; numbers
 * are unrounded and carry their unit in the field name (`firstResponseP50Ms`, `amountCents`).
 */
import * as z from 'zod/mini';
import './zod-locale.js';

export const REPORT_NAMES = ['tickets', 'sla', 'chats', 'technicians', 'satisfaction', 'time'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const REPORT_GROUPS = ['day', 'week', 'month', 'technician', 'queue', 'company', 'priority', 'type'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** The groupings each report can cut its rows by. */
export const GROUPS_OF: Record<ReportName, readonly ReportGroup[]> = {
  tickets: ['day', 'week', 'month', 'technician', 'company', 'priority', 'type'],
  sla: ['day', 'week', 'month', 'technician', 'company', 'priority', 'type'],
  chats: ['day', 'week', 'month', 'technician', 'queue', 'company'],
  technicians: ['technician'],
  satisfaction: ['day', 'week', 'month', 'technician', 'company', 'priority', 'type'],
  time: ['day', 'week', 'month', 'technician', 'company', 'priority', 'type'],
};

const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-14'));
const boolQuery = z.union([
  z.boolean(),
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((s) => s === 'true'),
  ),
]);

export const reportQuery = z.object({
  /** First local date of the range (default: six days before `to`). */
  from: z.optional(localDate),
  /** Last local date of the range, included (default: today in `tz`). */
  to: z.optional(localDate),
  by: z.optional(z.enum(REPORT_GROUPS)),
  company: z.optional(z.coerce.number().check(z.int(), z.positive())),
  queue: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** IANA time zone the periods are cut in. */
  tz: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'UTC'),
  /** sla: list the breached tickets. */
  list: z.optional(boolQuery),
});
export type ReportQuery = z.input<typeof reportQuery>;

const count = z.number().check(z.int(), z.nonnegative());
const ms = z.nullable(z.number());
const num = z.nullable(z.number());

/** A row's group: a period (`key` is its first local date) or a technician, company, queue, priority or type. */
const rowKey = {
  key: z.string(),
  label: z.string(),
  /** Periods: first instant (ISO) and the instant after the last. */
  start: z.optional(z.string()),
  end: z.optional(z.string()),
};

const range = {
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  by: z.enum(REPORT_GROUPS),
};

// ---------- tickets

const ticketFigures = {
  created: count,
  resolved: count,
  reopened: count,
  /** Open or Pending tickets at the end of the period (or the range). */
  backlog: count,
  firstResponses: count,
  firstResponseP50Ms: ms,
  firstResponseP90Ms: ms,
  firstResponseMeanMs: ms,
  resolutions: count,
  resolutionP50Ms: ms,
  resolutionP90Ms: ms,
  resolutionMeanMs: ms,
};
export const ticketsReportSchema = z.object({
  ...range,
  totals: z.object(ticketFigures),
  rows: z.array(z.object({ ...rowKey, ...ticketFigures })),
});
export type TicketsReport = z.infer<typeof ticketsReportSchema>;

// ---------- sla

const slaFigures = {
  met: count,
  breached: count,
  responseMet: count,
  responseBreached: count,
  resolutionMet: count,
  resolutionBreached: count,
  /** met / (met + breached), or null when nothing concluded. */
  metRate: num,
};
export const breachedTicketSchema = z.object({
  ticketId: z.number(),
  title: z.string(),
  priority: z.string(),
  company: z.string(),
  target: z.enum(['response', 'resolution']),
  breachedAt: z.string(),
});
export const slaReportSchema = z.object({
  ...range,
  totals: z.object(slaFigures),
  rows: z.array(z.object({ ...rowKey, ...slaFigures })),
  breached: z.optional(z.array(breachedTicketSchema)),
});
export type SlaReport = z.infer<typeof slaReportSchema>;

// ---------- chats

const chatFigures = {
  requests: count,
  accepted: count,
  abandoned: count,
  declined: count,
  offers: count,
  rona: count,
  /** rona / offers, or null without offers. */
  ronaRate: num,
  transfers: count,
  conferences: count,
  toTickets: count,
  waitP50Ms: ms,
  waitP90Ms: ms,
  waitMaxMs: ms,
  handleP50Ms: ms,
  handleMeanMs: ms,
};
export const shareSchema = z.object({ label: z.string(), count, share: z.number() });
export type Share = z.infer<typeof shareSchema>;
export const chatsReportSchema = z.object({
  ...range,
  totals: z.object({ ...chatFigures, wrapups: z.array(shareSchema) }),
  rows: z.array(z.object({ ...rowKey, ...chatFigures })),
});
export type ChatsReport = z.infer<typeof chatsReportSchema>;

// ---------- technicians

const technicianFigures = {
  resolved: count,
  firstResponses: count,
  firstResponseP50Ms: ms,
  chatsHandled: count,
  rona: count,
  trackedMs: count,
  billableMs: count,
  nonBillableMs: count,
  /** Time in each availability state within the range (up to now). */
  availableMs: count,
  awayMs: count,
  ronaMs: count,
  offlineMs: count,
};
export const techniciansReportSchema = z.object({
  ...range,
  totals: z.object(technicianFigures),
  rows: z.array(z.object({ ...rowKey, ...technicianFigures })),
});
export type TechniciansReport = z.infer<typeof techniciansReportSchema>;

// ---------- satisfaction

const satisfactionFigures = {
  ratings: count,
  average: num,
  rating1: count,
  rating2: count,
  rating3: count,
  rating4: count,
  rating5: count,
  /** Tickets resolved in the same range. */
  resolved: count,
  /** ratings / resolved, or null when nothing was resolved. */
  responseRate: num,
};
export const lowRatingSchema = z.object({
  ticketId: z.number(),
  title: z.string(),
  rating: z.number(),
  comment: z.nullable(z.string()),
  ratedAt: z.string(),
});
export const satisfactionReportSchema = z.object({
  ...range,
  totals: z.object({
    ...satisfactionFigures,
    /** Tickets created in the range by their requester's sentiment. */
    sentimentPositive: count,
    sentimentNeutral: count,
    sentimentNegative: count,
  }),
  rows: z.array(z.object({ ...rowKey, ...satisfactionFigures })),
  lowest: z.array(lowRatingSchema),
});
export type SatisfactionReport = z.infer<typeof satisfactionReportSchema>;

// ---------- time

const timeFigures = {
  entries: count,
  durationMs: count,
  billableMs: count,
  nonBillableMs: count,
  amountCents: count,
};
export const timeReportSchema = z.object({
  ...range,
  totals: z.object(timeFigures),
  rows: z.array(z.object({ ...rowKey, ...timeFigures })),
});
export type TimeReportV2 = z.infer<typeof timeReportSchema>;

export const REPORT_SCHEMAS = {
  tickets: ticketsReportSchema,
  sla: slaReportSchema,
  chats: chatsReportSchema,
  technicians: techniciansReportSchema,
  satisfaction: satisfactionReportSchema,
  time: timeReportSchema,
} as const;

/** Any report's answer, as the CLI renders it. */
export type AnyReport = z.infer<(typeof REPORT_SCHEMAS)[ReportName]>;

export const reportsRightInput = z.object({ allowed: z.boolean() });
export const reportsRightSchema = z.object({ technicianId: z.number(), reports: z.boolean() });
