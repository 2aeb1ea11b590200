/**
 * The event stream protocol (DESIGN §3). Every state change appends one or more
 * events with a monotonically increasing sequence; clients subscribe with the
 * last sequence they saw and receive everything after it.
 */
import * as z from 'zod/mini';
import { CHAT_EVENT_TYPES } from './chat.js';
import './zod-locale.js';

export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.commented',
  'technician.created',
  'technician.revoked',
  'company.created',
  'contact.created',
  'grant.created',
  'time.timer.started',
  'time.timer.paused',
  'time.timer.resumed',
  'time.timer.stopped',
  'time.entry.created',
  'time.entry.updated',
  'time.entry.deleted',
  'setting.changed',
  'sla.breached',
  'sla.policy-set',
  'sla.policy-removed',
  'status.created',
  'status.removed',
  'field.created',
  'field.removed',
  'template.created',
  'template.removed',
  'notification.created',
  'notification.read',
  'notification.expired',
  'ticket.presence',
  'ticket.rated',
  'ticket.item-added',
  'ticket.item-removed',
  ...CHAT_EVENT_TYPES,
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const deskEventSchema = z.object({
  seq: z.number().check(z.int(), z.positive()),
  type: z.string(),
  at: z.string(),
  companyId: z.nullable(z.number().check(z.int())),
  data: z.record(z.string(), z.unknown()),
});
export type DeskEvent = z.infer<typeof deskEventSchema>;

/** Messages the server sends on the stream. */
export const streamMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: deskEventSchema }),
  /** Replay is done: everything up to `seq` has been sent; live events follow. */
  z.object({ type: z.literal('ready'), seq: z.number().check(z.int(), z.nonnegative()) }),
  /** The requested sequence is older than the log keeps: reload state, then resume from `seq`. */
  z.object({
    type: z.literal('resync'),
    seq: z.number().check(z.int(), z.nonnegative()),
    oldest: z.number().check(z.int(), z.nonnegative()),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type StreamMessage = z.infer<typeof streamMessageSchema>;
