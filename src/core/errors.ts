/**
 * Errors that carry the exit code the `desk` command ends with, and the
 * HTTP status the server answers with. One table for both sides.
 */

/** Exit codes of `desk`, documented in the README. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  notAllowed: 4,
  invalid: 5,
  unreachable: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Machine-readable error codes used in the API's error bodies. */
export type ErrorCode =
  | 'usage'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'invalid'
  | 'conflict'
  | 'rate_limited'
  | 'unreachable'
  | 'unavailable'
  | 'internal';

const exitByCode: Record<ErrorCode, ExitCode> = {
  usage: ExitCode.usage,
  not_found: ExitCode.notFound,
  unauthenticated: ExitCode.notAllowed,
  forbidden: ExitCode.notAllowed,
  csrf: ExitCode.notAllowed,
  invalid: ExitCode.invalid,
  conflict: ExitCode.invalid,
  rate_limited: ExitCode.invalid,
  unreachable: ExitCode.unreachable,
  unavailable: ExitCode.unreachable,
  internal: ExitCode.unexpected,
};

const httpByCode: Record<ErrorCode, number> = {
  usage: 400,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  unreachable: 503,
  unavailable: 503,
  internal: 500,
};

/**
 * Marks DeskErrors. `desk` loads each noun from its own bundle, which has its own copy of this
 * class, so `instanceof` cannot tell a noun's DeskError from any other error in the command
 * table's code; a symbol from the global registry is the same in every copy.
 */
const DESK_ERROR = Symbol.for('deskline.DeskError');

/** An error a user can act on: it has a code, an exit code and an optional hint. */
export class DeskError extends Error {
  readonly [DESK_ERROR] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; field?: string } = {}) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
    this.hint = options.hint;
    this.field = options.field;
  }

  get exitCode(): ExitCode {
    return exitByCode[this.code];
  }

  get httpStatus(): number {
    return httpByCode[this.code];
  }
}

/** Whether `err` is a DeskError, from this copy of the class or another bundle's. */
export function isDeskError(err: unknown): err is DeskError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[DESK_ERROR] === true;
}

export const usageError = (message: string, hint?: string) => new DeskError('usage', message, { hint });
export const notFound = (what: string) => new DeskError('not_found', `${what} not found`);
export const unauthenticated = (message = 'not authenticated') =>
  new DeskError('unauthenticated', message, { hint: 'run `desk login --server URL --token TOKEN`' });
export const forbidden = (message = 'not allowed') => new DeskError('forbidden', message);
export const invalid = (message: string, field?: string) => new DeskError('invalid', message, { field });
export const conflict = (message: string) => new DeskError('conflict', message);

/** Maps an HTTP status (from the API) back to an error code. */
export function codeForHttpStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  // The server runs but cannot serve now (its database is unreachable): retry later.
  if (status === 503) return 'unavailable';
  return 'internal';
}
