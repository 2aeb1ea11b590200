/**
 * Read-only SQLite connections in worker threads, for long reads (reports). SQLite runs a query on
 * the thread that asks for it, one query at a time per connection: a report's several queries on
 * the server's one connection run one after another on one core, and every request waits behind
 * them. Here each reader thread has its own read-only connection to the same file (WAL: readers
 * see the last commit and never block the writer), so a report's queries run beside each other on
 * the machine's other cores and the server's thread stays free. Threads start on the first read
 * and stop with the store.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { usesBuiltinSqlite } from './sqlite-driver.js';

/** A query as compiled for SQLite: its text and its parameters. */
export interface ReadQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Long reads (reports' queries) running at once, on either database: one per core (more only take
 * turns on the cores and fight over the cache), and no more than four, so that on PostgreSQL writes
 * keep most of the pool's ten connections. On a SQLite file, the reader threads.
 */
export const LONG_READS = Math.max(1, Math.min(4, availableParallelism()));
/** Prepared statements each reader keeps; the oldest is dropped beyond. */
const STATEMENT_CACHE = 100;

/**
 * The reader thread: opens the file read-only with the driver the server uses (better-sqlite3, or
 * `node:sqlite` on Node 24 and later, see sqlite-driver.ts), keeps its prepared statements, and
 * answers `{ id, rows }` or `{ id, error }` for each `{ id, sql, parameters }`.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { path, driver } = workerData;
let db;
if (driver === 'node:sqlite') {
  const { DatabaseSync } = require('node:sqlite');
  db = new DatabaseSync(path, { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
} else {
  const Database = require(driver);
  db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
}
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      // Report queries carry their periods' bounds as literals: the cache keeps the latest ones.
      if (statements.size >= ${STATEMENT_CACHE}) statements.delete(statements.keys().next().value);
      statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(...parameters) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(err: Error): void;
}

interface Reader {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

type Answer = { id: number; rows: unknown[] } | { id: number; error: { message: string; code?: string } };

export class SqliteReaders {
  private readers: Reader[] = [];
  private next = 0;
  private ids = 0;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly size = LONG_READS,
  ) {}

  /** The rows of a read-only query, from the reader thread with the fewest queries waiting. */
  all<R>(query: ReadQuery): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const reader = this.pick();
    const id = ++this.ids;
    return new Promise<R[]>((resolve, reject) => {
      reader.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      reader.worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
    });
  }

  /**
   * Stops the threads. Queries still running are answered "closed" at once: a thread in the middle
   * of a query stops only when SQLite hands control back, which is not waited for.
   */
  close(): void {
    this.closed = true;
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) {
      for (const waiting of reader.pending.values()) waiting.reject(new Error('the store is closed'));
      reader.pending.clear();
      void reader.worker.terminate();
    }
  }

  private pick(): Reader {
    if (this.readers.length < this.size) {
      const reader = this.start();
      this.readers.push(reader);
      return reader;
    }
    let best = this.readers[this.next++ % this.readers.length] as Reader;
    for (const r of this.readers) if (r.pending.size < best.pending.size) best = r;
    return best;
  }

  private start(): Reader {
    const driver = usesBuiltinSqlite() ? 'node:sqlite' : require.resolve('better-sqlite3');
    const worker = new Worker(READER_SOURCE, { eval: true, workerData: { path: this.path, driver } });
    // A reader waiting for work does not keep the process alive.
    worker.unref();
    const reader: Reader = { worker, pending: new Map() };
    worker.on('message', (answer: Answer) => {
      const waiting = reader.pending.get(answer.id);
      if (!waiting) return;
      reader.pending.delete(answer.id);
      if ('rows' in answer) waiting.resolve(answer.rows);
      else waiting.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    });
    const fail = (err: Error) => {
      this.readers = this.readers.filter((r) => r !== reader);
      for (const waiting of reader.pending.values()) waiting.reject(err);
      reader.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a SQLite reader thread stopped (exit code ${code})`)));
    return reader;
  }
}
