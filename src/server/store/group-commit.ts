/**
 * Group commit: writes that arrive together share one transaction and one commit (one flush to
 * disk), each in a savepoint of its own. A write that fails is rolled back to its savepoint and
 * answers with its error; the others commit. Each write's promise settles only after the shared
 * commit, so an acknowledged write is on disk. Should the shared transaction fail before its commit,
 * none of it stands and every write is run again alone; should the commit itself fail, whether it
 * stands is unknown, and every write of the batch answers with the error.
 *
 * A write started from inside another (a nested `write`) runs on its own at once: waiting for the
 * queue would wait for itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Run<W> = (trx: Kysely<Database>) => Promise<W>;

interface Job<W> {
  readonly run: Run<W>;
  readonly resolve: (value: W) => void;
  readonly reject: (err: unknown) => void;
}

type Outcome<W> = { readonly ok: true; readonly value: W } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions<W> {
  /** At most this many writes per transaction. */
  readonly maxBatch: number;
  /** Transactions in flight at once (SQLite has one connection: one). */
  readonly concurrency: number;
  /** Errors after which a write of a batch is tried again alone (a deadlock between batches). */
  readonly retryAlone: (err: unknown) => boolean;
  /** Whether the connection takes several statements in one query (PostgreSQL: yes; SQLite: no). */
  readonly joinStatements: boolean;
  /** Runs once per committed transaction, with what its writes made, before they are answered. */
  readonly committed: (values: readonly W[]) => Promise<void>;
}

/** Runs writes whose results are of type `W` (what `committed` needs to see of them). */
export class GroupCommit<W> {
  private readonly db: Kysely<Database>;
  private readonly options: GroupCommitOptions<W>;
  private readonly inside = new AsyncLocalStorage<true>();
  private queue: Array<Job<W>> = [];
  private workers = 0;
  /** Transactions committed and writes they held, for benchmarks and tests. */
  readonly stats = { batches: 0, writes: 0 };

  constructor(db: Kysely<Database>, options: GroupCommitOptions<W>) {
    this.db = db;
    this.options = options;
  }

  /** Runs `run` in a transaction shared with other writes; settles after the commit. */
  submit(run: Run<W>): Promise<W> {
    if (this.inside.getStore()) return this.alone(run);
    return new Promise<W>((resolve, reject) => {
      this.queue.push({ run, resolve, reject });
      if (this.workers < this.options.concurrency) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.workers += 1;
    try {
      while (this.queue.length > 0) {
        // Let requests that have already arrived reach the queue first: with SQLite's synchronous
        // driver a transaction never yields to I/O, so without this pause every batch holds one.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, this.options.maxBatch);
        if (batch.length > 0) await this.runBatch(batch);
      }
    } finally {
      this.workers -= 1;
    }
  }

  /** One write in a transaction of its own; settles after its commit. */
  private async alone(run: Run<W>): Promise<W> {
    const value = await this.db.transaction().execute((trx) => this.inside.run(true, () => run(trx)));
    this.stats.batches += 1;
    this.stats.writes += 1;
    await this.options.committed([value]);
    return value;
  }

  private async runBatch(batch: ReadonlyArray<Job<W>>): Promise<void> {
    if (batch.length === 1) {
      const [job] = batch as [Job<W>];
      await this.alone(job.run).then(job.resolve, job.reject);
      return;
    }
    let outcomes: Array<Outcome<W>>;
    try {
      outcomes = await this.together(batch);
    } catch (err) {
      // The shared transaction failed as a whole. Failed before its commit (a savepoint, the
      // connection): none of it stands, so each write runs again alone. Failed at its commit:
      // whether it stands is unknown, so each write answers with the error (and a client that
      // sent a client id may safely send it again).
      const atCommit = err instanceof CommitFailed;
      for (const job of batch) {
        if (atCommit) job.reject(err.cause);
        else await this.alone(job.run).then(job.resolve, job.reject);
      }
      return;
    }
    this.stats.batches += 1;
    this.stats.writes += batch.length;
    await this.options.committed(outcomes.flatMap((o) => (o.ok ? [o.value] : [])));
    for (const [i, job] of batch.entries()) {
      const outcome = outcomes[i] as Outcome<W>;
      if (outcome.ok) job.resolve(outcome.value);
      else if (this.options.retryAlone(outcome.error)) await this.alone(job.run).then(job.resolve, job.reject);
      else job.reject(outcome.error);
    }
  }

  /**
   * Runs the batch's writes in one transaction, each in a savepoint; answers after the commit. The
   * transaction's own statements (begin, savepoints, commit) are sent as they fall due, joined into
   * one round trip where the database takes several statements at once.
   */
  private async together(batch: ReadonlyArray<Job<W>>): Promise<Array<Outcome<W>>> {
    return this.db.connection().execute(async (conn) => {
      const control = new ControlStatements(conn, this.options.joinStatements);
      try {
        control.add('begin');
        const outcomes: Array<Outcome<W>> = [];
        for (const [i, job] of batch.entries()) {
          control.add(`savepoint w${i}`);
          await control.send();
          try {
            const value = await this.inside.run(true, () => job.run(conn));
            control.add(`release savepoint w${i}`);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Sent at once, not joined to what follows: should it fail (the connection is gone),
            // the transaction fails before its commit and each write runs again alone.
            control.add(`rollback to savepoint w${i}`);
            await control.send();
            outcomes.push({ ok: false, error });
          }
        }
        control.add('commit');
        try {
          await control.send();
        } catch (err) {
          throw new CommitFailed(err);
        }
        return outcomes;
      } catch (err) {
        // Also after a failed commit: the statements before it may have left the transaction open.
        await sql`rollback`.execute(conn).catch(() => {});
        throw err;
      }
    });
  }
}

/**
 * Transaction-control statements waiting to be sent: each is sent before the next write's
 * statements, and, where the database takes several statements in one query (PostgreSQL's simple
 * protocol), those waiting go in one round trip.
 */
class ControlStatements {
  private waiting: string[] = [];
  constructor(
    private readonly conn: Kysely<Database>,
    private readonly join: boolean,
  ) {}

  add(statement: string): void {
    this.waiting.push(statement);
  }

  async send(): Promise<void> {
    const statements = this.waiting;
    this.waiting = [];
    if (this.join) await sql.raw(statements.join('; ')).execute(this.conn);
    else for (const statement of statements) await sql.raw(statement).execute(this.conn);
  }
}

/** The shared commit failed: what it held may or may not stand. */
class CommitFailed extends Error {
  constructor(cause: unknown) {
    super('commit failed', { cause });
  }
}
