/**
 * How a failed request is answered: the status and the API's error body (`{"error":{"code",
 * "message","field"?}}`) for what the caller can act on — a refused input or right, a rate limit, the
 * database away for now. Anything else is a bug: the caller logs it and answers 500 `internal`. Used
 * by the HTTP error handler and by writes sent on the customer event stream.
 */
import { isDeskError } from '../../core/errors.js';
import type { StreamError } from '../../core/customer-stream.js';
import { describeValidationError, isValidationError } from '../../core/validation.js';
import { RateLimited } from '../services/chat/customers.js';
import { isDatabaseUnavailable } from '../store/errors.js';

export interface ErrorAnswer {
  readonly status: number;
  readonly error: StreamError;
  /** Seconds to wait before trying again (`Retry-After`). */
  readonly retryAfter?: number;
}

export const INTERNAL_ERROR: ErrorAnswer = {
  status: 500,
  error: { code: 'internal', message: 'internal server error' },
};

/** The answer for an error the caller caused or can wait out; undefined for a bug. */
export function errorAnswer(err: unknown): ErrorAnswer | undefined {
  if (isDeskError(err)) {
    return {
      status: err.httpStatus,
      error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) },
      ...(err instanceof RateLimited ? { retryAfter: err.retryAfterSeconds } : {}),
    };
  }
  if (isValidationError(err)) {
    const { message, field } = describeValidationError(err);
    return { status: 400, error: { code: 'invalid', message, ...(field ? { field } : {}) } };
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, error: { code: 'invalid', message: (err as Error).message } };
  }
  if (isDatabaseUnavailable(err)) {
    // The database went away (restart, failover) or refuses connections: the client retries later;
    // a write that carries a client id is stored once however often it is sent.
    return {
      status: 503,
      error: { code: 'unavailable', message: 'the database is unavailable; try again shortly' },
      retryAfter: 1,
    };
  }
  return undefined;
}
