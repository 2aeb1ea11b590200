/** Turns an error into one line on stderr and an exit code. */
import { ExitCode, isDeskError } from '../core/errors.js';
import { describeValidationError, isValidationError } from '../core/validation.js';
import type { Context } from './context.js';

export function reportError(err: unknown, ctx: Context): number {
  const debug = ctx.env.DESK_DEBUG === '1';
  if (isDeskError(err)) {
    ctx.stderr.write(`error: ${err.message}\n`);
    if (err.hint) ctx.stderr.write(`hint: ${err.hint}\n`);
    if (debug && err.stack) ctx.stderr.write(err.stack + '\n');
    return err.exitCode;
  }
  if (isValidationError(err)) {
    ctx.stderr.write(`error: ${describeValidationError(err).message}\n`);
    return ExitCode.invalid;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.stderr.write(`error: unexpected failure: ${message}\n`);
  if (debug && err instanceof Error && err.stack) ctx.stderr.write(err.stack + '\n');
  else ctx.stderr.write('hint: run again with DESK_DEBUG=1 for details\n');
  return ExitCode.unexpected;
}
