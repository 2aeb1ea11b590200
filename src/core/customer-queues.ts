/**
 * The chat queues a customer may ask in, as the customer API lists them: name and whether it is the
 * default one (asked in when no queue is named). Members, modes and timeouts stay the desk's. Pure.
 */
import * as z from 'zod/mini';
import './zod-locale.js';

export const customerQueueSchema = z.object({
  id: z.number().check(z.int(), z.positive()),
  name: z.string(),
  isDefault: z.boolean(),
});
export type CustomerQueue = z.infer<typeof customerQueueSchema>;

export const customerQueueListSchema = z.object({ items: z.array(customerQueueSchema) });
export type CustomerQueueList = z.infer<typeof customerQueueListSchema>;
