/** SQLite's extended result codes for unique and primary-key violations. */
const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

/** Recognises a unique-constraint violation from any of the database drivers. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errcode?: unknown };
  if (e.code === '23505') return true; // PostgreSQL
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true; // better-sqlite3
  return e.errcode === SQLITE_CONSTRAINT_UNIQUE || e.errcode === SQLITE_CONSTRAINT_PRIMARYKEY; // node:sqlite
}

/** Socket errors that mean the database server cannot be reached (now). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/** pg's own messages for a connection that broke or never came up (they carry no SQLSTATE). */
const LOST_CONNECTION =
  /connection terminated|not queryable|timeout exceeded when trying to connect|connection timeout/i;

/**
 * Recognises an error that says the database is unreachable or went away (a restart, a failover, an
 * administrator terminating sessions, a database refusing connections), as opposed to a bug or bad
 * input: the request may succeed when retried once the database is back.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true; // AggregateError (IPv4 and IPv6)
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (NETWORK_CODES.has(code)) return true;
  // SQLSTATE class 08: connection exception; 57P01-03: shut down or starting; 57P05: idle-session timeout;
  // 53300: too many connections.
  if (code.startsWith('08') || /^57P0[1235]$/.test(code) || code === '53300') return true;
  // 55000 is also "object not in prerequisite state"; only the refused connection counts.
  if (code === '55000') return /not currently accepting connections/.test(message);
  return code === '' && LOST_CONNECTION.test(message);
}
