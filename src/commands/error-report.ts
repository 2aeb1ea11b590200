/** Turns an error into one line on stderr and an exit code. */
import { ExitCode, isDeskError } from '../core/errors.js';
import { describeValidationError, isValidationError } from '../core/validation.js';
import type { Context } from './context.js';
import { sanitizeLine } from '../core/terminal.js';

export function reportError(err: unknown, ctx: Context): number {
  const debug = ctx.env.DESK_DEBUG === '1';
  if (isDeskError(err)) {
    // A server's message may quote names anyone set (a custom status, a wrap-up reason).
    ctx.stderr.write(`error: ${sanitizeLine(err.message)}\n`);
    if (err.hint) ctx.stderr.write(`hint: ${sanitizeLine(err.hint)}\n`);
    if (debug && err.stack) ctx.stderr.write(err.stack + '\n');
    return err.exitCode;
  }
  if (isValidationError(err)) {
    ctx.stderr.write(`error: ${sanitizeLine(describeValidationError(err).message)}\n`);
    return ExitCode.invalid;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.stderr.write(`error: unexpected failure: ${sanitizeLine(message)}\n`);
  if (debug && err instanceof Error && err.stack) ctx.stderr.write(err.stack + '\n');
  else ctx.stderr.write('hint: run again with DESK_DEBUG=1 for details\n');
  return ExitCode.unexpected;
}
