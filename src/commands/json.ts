/**
 * `--json` output: machine-readable JSON only, on stdout; indented on a terminal. Kept apart from
 * the table and colour code in output.ts, which a script's `--json` call never needs to load.
 */
import type { Context } from './context.js';

export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, ctx.stdout.isTTY === true ? 2 : undefined) + '\n');
}
