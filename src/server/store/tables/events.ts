/** Table types: The event log that streams to clients, and deadlines the sweeper fires. Times are epoch milliseconds; flags are 0/1 integers. */
import type { ColumnType, Generated } from 'kysely';

type Id = Generated<number>;

export interface EventTable {
  /**
   * The position in the log. SQLite gives it at insert (the row's key); on PostgreSQL it is null
   * until the event sequencer numbers the committed row (store/event-sequencer.ts).
   */
  seq: Generated<number>;
  /** The row's key on PostgreSQL (0020); SQLite has no such column. */
  id?: Generated<number>;
  type: string;
  company_id: number | null;
  technician_id: number | null;
  /** A contact the event is addressed to (live chat, 0005); they see it on the customer stream. */
  contact_id: ColumnType<number | null, number | null | undefined, number | null>;
  payload: string;
  created_at: ColumnType<number, number, never>;
}

export interface DeadlineTable {
  id: Id;
  kind: string;
  ref: string;
  due_at: number;
  payload: string;
  created_at: number;
}
