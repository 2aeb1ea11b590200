/**
 * The store: one database, read directly, written through `write()`, which runs
 * a transaction, appends the events it emitted to the event log in the same
 * transaction, and tells listeners once it has committed. Writes that arrive
 * together share one commit (group-commit.ts).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Database } from './schema.js';
import type { Dialect, StoreConfig } from './dialect.js';
import { migrationsCurrent, openDatabase, type OpenOptions, type OpenedDatabase } from './open.js';
import { eventsUnsequenced } from './event-sequencer.js';
import { GroupCommit } from './group-commit.js';
import { LONG_READS, SqliteReaders } from './sqlite-readers.js';

/** What one write made, as group commit sees it. */
interface Written {
  readonly value: unknown;
  readonly events: number;
  readonly after: ReadonlyArray<() => void>;
}

/** Writes sharing one commit, at most. */
const MAX_GROUP = 64;

/** PostgreSQL: a deadlock or serialization failure between two groups; the write runs again alone. */
function retryableAlone(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** How often each node looks for committed events nobody numbered (a writer died in between). */
const SEQUENCE_SWEEP_MS = 1000;

/** An event as a write emits it, before it has a sequence number. */
export interface PendingEvent {
  readonly type: string;
  /** The company the event concerns; technicians see it when granted that company. */
  readonly companyId: number | null;
  /** A technician the event is addressed to; they see it whatever their grants. */
  readonly technicianId?: number | null;
  /** A contact (customer) the event is addressed to; they see it on the customer stream. */
  readonly contactId?: number | null;
  readonly data: Record<string, unknown>;
}

export interface WriteScope {
  readonly trx: Kysely<Database>;
  /** Which database the transaction runs on (row locks are PostgreSQL-only). */
  readonly dialect: Dialect;
  /** Milliseconds since the epoch, fixed for the whole transaction. */
  readonly now: number;
  emit(event: PendingEvent): void;
  /** Runs `fn` once the transaction has committed (not at all if it rolls back). */
  afterCommit(fn: () => void): void;
  /** Tells the deadline sweeper, after commit, that something is due at `dueAt`. */
  deadlineSet(dueAt: number): void;
}

export type Clock = () => number;

export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  private readonly opened: OpenedDatabase;
  private readonly clock: Clock;
  private readonly committed = new Set<() => void>();
  private readonly deadlineListeners = new Set<(dueAt: number) => void>();
  private sweep: NodeJS.Timeout | undefined;
  private sweeping = false;
  private readonly group: GroupCommit<Written>;
  /** Reader threads for long reads of a SQLite file; none on PostgreSQL or in memory. */
  private readonly readers: SqliteReaders | undefined;
  /** PostgreSQL: long reads running at once (see readLong). */
  private readonly longReads: LimitFunction = pLimit(LONG_READS);

  /** Where the store lives (other nodes on PostgreSQL are reached through it). */
  readonly config: StoreConfig;

  private constructor(opened: OpenedDatabase, clock: Clock, config: StoreConfig) {
    this.opened = opened;
    this.db = opened.db;
    this.dialect = opened.dialect;
    this.clock = clock;
    this.config = config;
    this.readers =
      config.dialect === 'sqlite' && config.path !== ':memory:' ? new SqliteReaders(config.path) : undefined;
    this.group = new GroupCommit<Written>(opened.db, {
      maxBatch: MAX_GROUP,
      // SQLite has one connection; on PostgreSQL a few groups overlap, so one group's round trips
      // and flush do not hold up the next.
      concurrency: opened.dialect === 'postgres' ? 4 : 1,
      retryAlone: retryableAlone,
      joinStatements: opened.dialect === 'postgres',
      committed: (written) => this.afterGroup(written),
    });
    if (opened.sequenceEvents) {
      this.sweep = setInterval(() => void this.sweepUnsequenced(), SEQUENCE_SWEEP_MS);
      this.sweep.unref();
    }
  }

  /** Numbers events a writer committed but did not get to number, and tells the listeners. */
  private async sweepUnsequenced(): Promise<void> {
    const sequence = this.opened.sequenceEvents;
    if (!sequence || this.sweeping) return;
    this.sweeping = true;
    try {
      if ((await eventsUnsequenced(this.db)) && (await sequence()) > 0) this.notifyCommitted();
    } catch {
      // The database is unreachable: the next sweep tries again.
    } finally {
      this.sweeping = false;
    }
  }

  private notifyCommitted(): void {
    for (const listener of this.committed) listener();
  }

  static async open(config: StoreConfig, clock: Clock = Date.now, options: OpenOptions = {}): Promise<Store> {
    return new Store(await openDatabase(config, options), clock, config);
  }

  /** Whether the database answers and every migration is applied (for `/readyz`). */
  async ready(): Promise<{ database: boolean; migrations: boolean }> {
    try {
      await sql`select 1`.execute(this.db);
    } catch {
      return { database: false, migrations: false };
    }
    const schema = this.config.dialect === 'postgres' ? (this.config.schema ?? 'public') : undefined;
    return { database: true, migrations: await migrationsCurrent(this.opened, schema).catch(() => false) };
  }

  now(): number {
    return this.clock();
  }

  /** Calls `listener` after every committed write that appended events. */
  onCommit(listener: () => void): () => void {
    this.committed.add(listener);
    return () => this.committed.delete(listener);
  }

  /** Calls `listener` after a committed write that set a deadline. */
  onDeadline(listener: (dueAt: number) => void): () => void {
    this.deadlineListeners.add(listener);
    return () => this.deadlineListeners.delete(listener);
  }

  /** Transactions committed and the writes they held (group commit), for benchmarks and tests. */
  get commitStats(): { readonly batches: number; readonly writes: number } {
    return this.group.stats;
  }

  /**
   * Runs `fn` in a transaction (shared with writes that arrive at the same time, each in a
   * savepoint of its own); its emitted events are appended before commit. Settles after the
   * commit and after the events have their positions in the log.
   */
  async write<T>(fn: (scope: WriteScope) => Promise<T>): Promise<T> {
    const written = await this.group.submit(async (trx) => {
      const events: PendingEvent[] = [];
      const after: Array<() => void> = [];
      const now = this.clock();
      const value = await fn({
        trx,
        dialect: this.dialect,
        now,
        emit: (e) => events.push(e),
        afterCommit: (f) => after.push(f),
        deadlineSet: (dueAt) => after.push(() => this.deadlineListeners.forEach((l) => l(dueAt))),
      });
      if (events.length > 0) {
        await trx
          .insertInto('events')
          .values(
            events.map((e) => ({
              type: e.type,
              company_id: e.companyId,
              technician_id: e.technicianId ?? null,
              contact_id: e.contactId ?? null,
              payload: JSON.stringify(e.data),
              created_at: now,
            })),
          )
          .execute();
      }
      return { value, events: events.length, after };
    });
    for (const f of written.after) f();
    return written.value as T;
  }

  /**
   * After a commit that appended events: acknowledged once the events have their positions, so
   * that a reader asking after the answer finds them. Should numbering fail (the database went
   * away right after the commit), the writes still stand and the sweep numbers their events.
   */
  private async afterGroup(written: readonly Written[]): Promise<void> {
    if (!written.some((w) => w.events > 0)) return;
    await this.opened.sequenceEvents?.().catch(() => 0);
    this.notifyCommitted();
  }

  /**
   * The rows of a long read-only query (a report's), run beside the others a report sends at once.
   * On a SQLite file in a reader thread, off the server's thread and on other cores (see
   * sqlite-readers.ts). On PostgreSQL in a transaction of its own without JIT compilation (compiling
   * a report query costs more than running it) and without parallel workers (the report's queries
   * already run side by side), at most LONG_READS at once (measured at a million tickets on two
   * cores: a report's six queries all at once 550 ms, two at a time 450 ms).
   */
  async readLong<R>(query: RawBuilder<R>): Promise<R[]> {
    if (this.readers !== undefined) return this.readers.all<R>(query.compile(this.db));
    if (this.dialect === 'sqlite') return (await query.execute(this.db)).rows;
    return this.longReads(() =>
      this.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL jit = off`.execute(trx);
        await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
        return (await query.execute(trx)).rows;
      }),
    );
  }

  async close(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.readers?.close();
    await this.opened.close();
  }
}
