/**
 * Opens a database (SQLite or PostgreSQL) behind one Kysely instance and brings
 * its schema up to date.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import type { Pool } from 'pg';
import type { Database } from './schema.js';
import type { Dialect, StoreConfig } from './dialect.js';
import { migrations } from './migrations/index.js';
import { openSqliteConnection } from './sqlite-driver.js';
import { SchemaPostgresDialect } from './schema-introspector.js';
import { isDatabaseUnavailable } from './errors.js';
import { coalescedSequencing, sequenceEvents, sequencingPass } from './event-sequencer.js';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * Gives committed events their positions in the log (PostgreSQL, see event-sequencer.ts);
   * absent where events get them at insert (SQLite, one writer at a time).
   */
  readonly sequenceEvents?: () => Promise<number>;
  readonly close: () => Promise<void>;
}

/**
 * The database holds tokens' and codes' hashes and every customer's data: its directory is created
 * 0700, and the file, its WAL and shared-memory file are kept 0600 (SQLite gives the WAL and
 * shared-memory files the database file's mode when it creates them).
 */
function restrictSqliteFiles(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

async function openSqlite(path: string): Promise<OpenedDatabase> {
  if (path !== ':memory:') restrictSqliteFiles(path);
  const database = await openSqliteConnection(path);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return `"${name}"`;
}

/** A stable 32-bit key per schema for the event sequencer's advisory lock. */
function lockKey(schema: string): number {
  let h = 0x4445534b;
  for (const ch of schema) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/** How a PostgreSQL store reports and survives an unreachable database. */
export interface OpenOptions {
  /** Where lines about lost connections and retries go (default: nowhere). */
  readonly log?: (line: string) => void;
  /**
   * Wait for an unreachable database, retrying with backoff and a log line each time, instead of
   * failing at once (a server starting before its database does).
   */
  readonly waitForDatabase?: boolean;
  /** Shown in `pg_stat_activity.application_name` for the store's connections. */
  readonly applicationName?: string;
}

/** Shortest and longest pause between attempts to reach the database at start-up. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
/** A request waits at most this long for a connection (the pool is full or the database silent), then answers 503. */
const CONNECT_TIMEOUT_MS = 10_000;

/** `application_name` is at most 63 bytes. */
export function applicationName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?').slice(0, 63);
}

async function openPostgres(url: string, schema: string | undefined, options: OpenOptions): Promise<OpenedDatabase> {
  const pg = await import('pg');
  const { Client, Pool, types } = pg.default;
  const log = options.log ?? (() => {});
  const application_name = applicationName(options.applicationName ?? 'deskline');
  // int8 (ids, sequences, epoch milliseconds) fit in a double.
  types.setTypeParser(20, (v: string) => Number(v));
  const name = schema ?? 'public';
  // Nodes that start together take turns: one creates the schema and migrates, the others find it done.
  const setup = new Client({ connectionString: url, application_name, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  setup.on('error', () => {
    /* the query in progress fails with it */
  });
  await setup.connect();
  try {
    await setup.query('select pg_advisory_lock($1)', [lockKey(`migrate:${name}`)]);
    if (schema) await setup.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const pgOptions = schema ? `-c search_path=${quoteIdent(schema)}` : undefined;
    const pool = new Pool({
      connectionString: url,
      max: 10,
      application_name,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      ...(pgOptions ? { options: pgOptions } : {}),
    });
    // A connection the database terminates (restart, failover, an idle-session killer) emits 'error'.
    // Unhandled, that ends the process; handled, the pool drops the connection and opens a new one
    // for the next query, and a query that was running on it fails (the request answers 503).
    pool.on('error', (err) => log(`database: an idle connection was lost: ${err.message}`));
    pool.on('connect', (client) =>
      client.on('error', () => {
        /* a checked-out connection: its query fails with the same error */
      }),
    );
    const db = new Kysely<Database>({ dialect: new SchemaPostgresDialect({ pool }, name) });
    const pass = sequencingPass(lockKey(name));
    const opened: OpenedDatabase = {
      db,
      dialect: 'postgres',
      sequenceEvents: coalescedSequencing(() => sequenceEvents(() => runPass(pool, pass))),
      close: () => db.destroy(),
    };
    await migrateOrClose(opened, name);
    return opened;
  } finally {
    await setup.end().catch(() => {});
  }
}

/** Runs a sequencing pass (two statements in one simple query) and answers how many events it numbered. */
async function runPass(pool: Pool, pass: string): Promise<number> {
  const results = (await pool.query(pass)) as unknown as Array<{ rowCount: number | null }>;
  return results[1]?.rowCount ?? 0;
}

/** Opens PostgreSQL, waiting with backoff while it is unreachable when asked to. */
async function openPostgresWhenReachable(
  url: string,
  schema: string | undefined,
  options: OpenOptions,
): Promise<OpenedDatabase> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openPostgres(url, schema, options);
    } catch (err) {
      if (!options.waitForDatabase || !isDatabaseUnavailable(err)) throw err;
      const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (attempt - 1));
      // Some jitter, so the nodes of a cluster do not all knock at once.
      const delay = Math.round(base * (0.8 + Math.random() * 0.4));
      options.log?.(
        `database unreachable (${(err as Error).message}); attempt ${attempt}, retrying in ${(delay / 1000).toFixed(1)}s`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export async function openDatabase(config: StoreConfig, options: OpenOptions = {}): Promise<OpenedDatabase> {
  if (config.dialect === 'postgres') return openPostgresWhenReachable(config.url, config.schema, options);
  const opened = await openSqlite(config.path);
  await migrateOrClose(opened, undefined);
  return opened;
}

async function migrateOrClose(opened: OpenedDatabase, schema: string | undefined): Promise<void> {
  try {
    await migrate(opened, schema);
  } catch (err) {
    await opened.close();
    throw err;
  }
}

function migrator(opened: OpenedDatabase, schema: string | undefined): Migrator {
  const all = migrations(opened.dialect);
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Kysely looks for its migration tables in every schema unless told which one.
  return new Migrator({ db: opened.db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Whether every known migration has been applied. */
export async function migrationsCurrent(opened: OpenedDatabase, schema: string | undefined): Promise<boolean> {
  const list = await migrator(opened, schema).getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}

async function migrate(opened: OpenedDatabase, schema: string | undefined): Promise<void> {
  const { error } = await migrator(opened, schema).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
