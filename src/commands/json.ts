/**
 * `--json` output: machine-readable JSON only, on stdout; indented on a terminal. Kept apart from
 * the table and colour code in output.ts, so that a command can print JSON without loading that
 * (`desk tickets list --json` does).
 */
import type { Context } from './context.js';

export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, ctx.stdout.isTTY === true ? 2 : undefined) + '\n');
}
