/**
 * The SQLite connection under Kysely. better-sqlite3 is the driver on Node 20
 * to 23. On Node 24 and later the process uses Node's built-in `node:sqlite`
 * instead: better-sqlite3 12 (the last major that supports Node 20) derives its
 * statements from `node::ObjectWrap`, whose destructor aborts the process on
 * Node ≥ 24.19 when a statement is garbage-collected outside a JavaScript
 * context (`Assertion failed: (env) != nullptr`). Both connections get the same
 * pragmas: WAL, `synchronous=FULL` (an acknowledged commit is on disk), foreign
 * keys, a busy timeout and a size the WAL file is cut back to.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  // Reports read in other threads while writes go on (sqlite-readers.ts): the log cannot start over
  // while a read still needs it, so it grows; once it can, it is cut back to 64 MB.
  `journal_size_limit = ${64 * 1024 * 1024}`,
];

/** Whether this Node runs SQLite through `node:sqlite`. */
export function usesBuiltinSqlite(version = process.versions.node): boolean {
  return Number(version.split('.')[0]) >= 24;
}

export async function openSqliteConnection(path: string): Promise<SqliteDatabase> {
  return withStatementCache(usesBuiltinSqlite() ? await openBuiltin(path) : await openBetterSqlite(path));
}

/** Most prepared statements kept; the oldest is dropped beyond. */
const STATEMENT_CACHE = 1000;

/**
 * Reuses prepared statements: Kysely prepares every query it runs, and with SQLite preparing a
 * statement costs about as much as running a small one (measured: an eighth of the server's CPU in
 * the chat benchmark). Kysely runs one query at a time on the connection, so sharing is safe.
 */
function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      return database.close();
    },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

async function openBetterSqlite(path: string): Promise<SqliteDatabase> {
  const { default: BetterSqlite } = await import('better-sqlite3');
  const database = new BetterSqlite(path);
  for (const pragma of PRAGMAS) database.pragma(pragma);
  return database;
}

interface BuiltinStatement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
  columns(): unknown[];
}

interface BuiltinDatabase {
  exec(sql: string): void;
  prepare(sql: string): BuiltinStatement;
  close(): void;
}

async function openBuiltin(path: string): Promise<SqliteDatabase> {
  const specifier = 'node:sqlite';
  const { DatabaseSync } = (await import(specifier)) as { DatabaseSync: new (path: string) => BuiltinDatabase };
  const database = new DatabaseSync(path);
  for (const pragma of PRAGMAS) database.exec(`PRAGMA ${pragma}`);
  return {
    close: () => database.close(),
    prepare: (sql: string): SqliteStatement => {
      const statement = database.prepare(sql);
      return {
        reader: statement.columns().length > 0,
        all: (params) => statement.all(...params),
        run: (params) => statement.run(...params),
        iterate: (params) => statement.iterate(...params),
      };
    },
  };
}
