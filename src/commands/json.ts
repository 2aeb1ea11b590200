/**
 * `--json` output: machine-readable JSON only, on stdout; indented on a terminal. Kept apart from
 * the table and colour code in output.ts, so that a command can print JSON without loading that
 * (`desk tickets list --json` does).
 */
import type { Context } from './context.js';

/**
 * C1 controls and bidirectional controls, which JSON.stringify leaves raw although a terminal
 * would act on them; they never occur outside strings in JSON, so they can be escaped anywhere.
 */
const UNSAFE_IN_JSON = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One JSON text for output: `JSON.stringify`, with C1 and bidi controls as `\u` escapes too. */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    UNSAFE_IN_JSON,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `--json` output: indented on a terminal, one line when piped. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(jsonText(value, ctx.stdout.isTTY === true ? 2 : undefined) + '\n');
}
