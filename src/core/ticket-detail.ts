/**
 * The whole ticket as `GET /v1/tickets/:id` answers it: the ticket with its comments, activity,
 * property sections and time records. Apart from schemas.ts so that commands handling ticket lists
 * do not build the time-tracking schemas.
 */
import * as z from 'zod/mini';
import './zod-locale.js';
import { activitySchema, commentSchema, ticketSchema } from './schemas.js';
import { detailPropertyFields } from './ticket-properties.js';
import { ticketTimeSchema } from './time-schemas.js';

export const ticketDetailSchema = z.extend(ticketSchema, {
  comments: z.array(commentSchema),
  activity: z.array(activitySchema),
  ...detailPropertyFields,
  /** The ticket's time entries and totals (time tracking). */
  time: z.optional(ticketTimeSchema),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;
