/**
 * Opens a database (SQLite or PostgreSQL) behind one Kysely instance and brings
 * its schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect, StoreConfig } from './dialect.js';
import { migrations } from './migrations/index.js';
import { openSqliteConnection } from './sqlite-driver.js';
import { SchemaPostgresDialect } from './schema-introspector.js';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Serialises event-log appends across transactions (PostgreSQL) so sequence order is commit order. */
  readonly lockEventLog: (trx: Kysely<Database>) => Promise<void>;
  readonly close: () => Promise<void>;
}

async function openSqlite(path: string): Promise<OpenedDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = await openSqliteConnection(path);
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
  const { Client, Pool, types } = pg.default;
  // int8 (ids, sequences, epoch milliseconds) fit in a double.
  types.setTypeParser(20, (v: string) => Number(v));
  const name = schema ?? 'public';
  // Nodes that start together take turns: one creates the schema and migrates, the others find it done.
  const setup = new Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query('select pg_advisory_lock($1)', [lockKey(`migrate:${name}`)]);
    if (schema) await setup.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const options = schema ? `-c search_path=${quoteIdent(schema)}` : undefined;
    const pool = new Pool({ connectionString: url, max: 10, ...(options ? { options } : {}) });
    const db = new Kysely<Database>({ dialect: new SchemaPostgresDialect({ pool }, name) });
    const key = lockKey(name);
    const opened: OpenedDatabase = {
      db,
      dialect: 'postgres',
      lockEventLog: async (trx) => {
        await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
      },
      close: () => db.destroy(),
    };
    await migrateOrClose(opened, name);
    return opened;
  } finally {
    await setup.end();
  }
}

export async function openDatabase(config: StoreConfig): Promise<OpenedDatabase> {
  if (config.dialect === 'postgres') return openPostgres(config.url, config.schema);
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
