/**
 * Opens a database (SQLite or PostgreSQL) behind one Kysely instance and brings
 * its schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect, StoreConfig } from './dialect.js';
import { migrations } from './migrations.js';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Serialises event-log appends across transactions (PostgreSQL) so sequence order is commit order. */
  readonly lockEventLog: (trx: Kysely<Database>) => Promise<void>;
  readonly close: () => Promise<void>;
}

async function openSqlite(path: string): Promise<OpenedDatabase> {
  const { default: BetterSqlite } = await import('better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite(path);
  database.pragma('journal_mode = WAL');
  // better-sqlite3 defaults a WAL database to NORMAL, which can lose the last
  // commits on power loss: an acknowledged write must be on disk.
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', lockEventLog: async () => {}, close: () => db.destroy() };
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return `"${name}"`;
}

/** A stable 32-bit key per schema for the event-log advisory lock. */
function lockKey(schema: string): number {
  let h = 0x4445534b;
  for (const ch of schema) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

async function openPostgres(url: string, schema: string | undefined): Promise<OpenedDatabase> {
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // int8 (ids, sequences, epoch milliseconds) fit in a double.
  types.setTypeParser(20, (v: string) => Number(v));
  const options = schema ? `-c search_path=${quoteIdent(schema)}` : undefined;
  if (schema) {
    const setup = new Pool({ connectionString: url, max: 1 });
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new Pool({ connectionString: url, max: 10, ...(options ? { options } : {}) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const key = lockKey(schema ?? 'public');
  return {
    db,
    dialect: 'postgres',
    lockEventLog: async (trx) => {
      await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
    },
    close: () => db.destroy(),
  };
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(config: StoreConfig): Promise<OpenedDatabase> {
  const opened =
    config.dialect === 'sqlite' ? await openSqlite(config.path) : await openPostgres(config.url, config.schema);
  try {
    await migrate(opened);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

async function migrate(opened: OpenedDatabase): Promise<void> {
  const all = migrations(opened.dialect);
  const provider: MigrationProvider = { getMigrations: async () => all };
  const migrator = new Migrator({ db: opened.db, provider });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
