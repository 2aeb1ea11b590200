/** Table types: Time tracking: entries of work on tickets and technicians' timers. Times are epoch milliseconds; flags are 0/1 integers. */
import type { Generated } from 'kysely';

type Id = Generated<number>;

/** Time tracking (0003): one entry of work on a ticket. */
export interface TimeEntryTable {
  id: Id;
  ticket_id: number;
  technician_id: number;
  started_at: number;
  ended_at: number;
  duration_ms: number;
  rate_cents: number | null;
  billable: number;
  note: string | null;
  source: string;
  created_by_id: number;
  client_id: string | null;
  created_at: number;
  updated_at: number;
}

/** Time tracking (0003): a technician's timer, running or paused; segments are JSON. */
export interface TimeTimerTable {
  technician_id: number;
  ticket_id: number;
  started_at: number;
  running_since: number | null;
  accumulated_ms: number;
  segments: string;
  version: number;
  updated_at: number;
}
