/**
 * The event stream protocol (DESIGN §3). Every state change appends one or more
 * events with a monotonically increasing sequence; clients subscribe with the
 * last sequence they saw and receive everything after it.
 */
import * as z from 'zod/mini';
import './zod-locale.js';

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

/**
 * The WebSocket close code of a stream whose token stopped being valid while it was open (a revoked
 * technician token, a customer who logged out): the client stops and tells the user to log in again.
 */
export const STREAM_CLOSE_REVOKED = 4401;

/** On the customer stream: a public reply on one of the contact's tickets (data: core/customer-tickets.ts). */
export const CUSTOMER_TICKET_COMMENTED = 'customer.ticket-commented';
/** On the customer stream: one of the contact's tickets changed status (data: core/customer-tickets.ts). */
export const CUSTOMER_TICKET_STATUS_CHANGED = 'customer.ticket-status-changed';
/** Events for customers only: technicians' streams leave them out (they get `ticket.*`). */
export const CUSTOMER_ONLY_EVENTS: ReadonlySet<string> = new Set([
  CUSTOMER_TICKET_COMMENTED,
  CUSTOMER_TICKET_STATUS_CHANGED,
]);
