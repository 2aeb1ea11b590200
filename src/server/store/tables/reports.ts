/** Table types: what reports read that no other table keeps. Times are epoch milliseconds. */
import type { Generated } from 'kysely';

/**
 * Every change of a technician's availability state: the state they entered and when. A state lasts
 * until the technician's next row; before their first row a technician is Offline.
 */
export interface AvailabilityHistoryTable {
  id: Generated<number>;
  technician_id: number;
  /** available, away, rona or offline. */
  state: string;
  /** The reason given for Away. */
  reason: string | null;
  started_at: number;
}
