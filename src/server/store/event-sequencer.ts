/**
 * Numbers committed events on PostgreSQL (see migrations/0020_event_sequencer.ts).
 *
 * A write inserts its events without a position and commits with no lock held, so writers on
 * every node commit side by side. Right after its commit, the writer runs one short
 * transaction that takes a transaction-level advisory lock and gives every committed,
 * unnumbered event the next positions, in the order of their row ids. PostgreSQL makes a
 * transaction visible before it releases its locks, so the next holder of the lock sees every
 * number given before it: positions are gap-free, and a reader that sees position N has seen
 * every position below N. One pass numbers everything committed so far, for all writers: a
 * writer whose events an earlier pass already numbered finds nothing to do, and its
 * transaction ends without writing (no flush). Events of a writer that died between its commit
 * and its pass are numbered by the next pass of anyone, or by the sweep every node runs.
 *
 * The order is the order in which events became visible, not the order of their transactions'
 * starts: a transaction held open for a long time blocks nobody, and its events are numbered
 * when it commits.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** At most this many events are numbered by one pass; the pass repeats while there are more. */
const PASS_LIMIT = 10_000;

/**
 * One pass as one simple query (one round trip, one implicit transaction): take the lock, then
 * number. In READ COMMITTED each statement reads its own snapshot, taken after the lock is held.
 */
export function sequencingPass(lockKey: number): string {
  if (!Number.isSafeInteger(lockKey)) throw new Error(`invalid lock key ${lockKey}`);
  return `select pg_advisory_xact_lock(${lockKey});
    update events e set seq = n.base + n.rn
    from (
      select p.id, row_number() over (order by p.id) as rn,
             (select coalesce(max(seq), 0) from events) as base
      from (select id from events where seq is null order by id limit ${PASS_LIMIT}) p
    ) n
    where e.id = n.id`;
}

/**
 * Numbers every committed event that has no position yet, running `pass` (which answers how
 * many rows it numbered) until a pass finds fewer than its limit. Answers how many it numbered.
 */
export async function sequenceEvents(pass: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const numbered = await pass();
    total += numbered;
    if (numbered < PASS_LIMIT) return total;
  }
}

/** Whether some committed event waits for its position (cheap: the partial index on unnumbered rows). */
export async function eventsUnsequenced(db: Kysely<Database>): Promise<boolean> {
  const row = await sql<{ one: number }>`select 1 as one from events where seq is null limit 1`.execute(db);
  return row.rows.length > 0;
}

/**
 * Sequencing on demand, shared by the writes of one node: a pass numbers everything committed
 * before it began, so a write that committed while a pass was already running waits for the one
 * pass that starts after it, together with every other write that committed meanwhile, instead
 * of each running its own (each pass that numbers something is one more flush to disk).
 */
export function coalescedSequencing(sequence: () => Promise<number>): () => Promise<number> {
  let running: Promise<number> | undefined;
  let next: Promise<number> | undefined;
  const start = (): Promise<number> => {
    const pass = sequence().finally(() => {
      if (running === pass) running = undefined;
    });
    running = pass;
    return pass;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => 0)
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}
