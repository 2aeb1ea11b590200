/**
 * The store: one database, read directly, written through `write()`, which runs
 * a transaction, appends the events it emitted to the event log in the same
 * transaction, and tells listeners once it has committed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect, StoreConfig } from './dialect.js';
import { migrationsCurrent, openDatabase, type OpenOptions, type OpenedDatabase } from './open.js';

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

  /** Where the store lives (other nodes on PostgreSQL are reached through it). */
  readonly config: StoreConfig;

  private constructor(opened: OpenedDatabase, clock: Clock, config: StoreConfig) {
    this.opened = opened;
    this.db = opened.db;
    this.dialect = opened.dialect;
    this.clock = clock;
    this.config = config;
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

  /** Runs `fn` in one transaction; its emitted events are appended before commit. */
  async write<T>(fn: (scope: WriteScope) => Promise<T>): Promise<T> {
    const events: PendingEvent[] = [];
    const after: Array<() => void> = [];
    const now = this.clock();
    const result = await this.db.transaction().execute(async (trx) => {
      const value = await fn({
        trx,
        dialect: this.dialect,
        now,
        emit: (e) => events.push(e),
        afterCommit: (f) => after.push(f),
        deadlineSet: (dueAt) => after.push(() => this.deadlineListeners.forEach((l) => l(dueAt))),
      });
      if (events.length > 0) {
        await this.opened.lockEventLog(trx);
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
      return value;
    });
    if (events.length > 0) for (const listener of this.committed) listener();
    for (const f of after) f();
    return result;
  }

  async close(): Promise<void> {
    await this.opened.close();
  }
}
