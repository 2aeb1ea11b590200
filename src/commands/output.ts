/**
 * Output for people and for scripts: data on stdout, status on stderr; aligned
 * columns and colour on a terminal, tab-separated plain text when piped, JSON
 * with `--json`.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from './context.js';
import { sanitizeLine, sanitizeTerminal } from '../core/terminal.js';
import { displayWidth, truncateToWidth } from '../core/display-width.js';

export function isTTY(ctx: Context): boolean {
  return ctx.stdout.isTTY === true;
}

/** Colour on a terminal unless NO_COLOR is set. */
export function colours(ctx: Context, stream: 'stdout' | 'stderr' = 'stdout'): ChalkInstance {
  const tty = ctx[stream].isTTY === true;
  const noColour = ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '';
  return new Chalk({ level: tty && !noColour ? 1 : 0 });
}

/** A status line for people, on stderr. */
export function say(ctx: Context, message: string): void {
  const c = colours(ctx, 'stderr');
  ctx.stderr.write(`${c.green('✓')} ${message}\n`);
}

export interface Column {
  readonly header: string;
  /** Longest a cell may be on a terminal before it is cut with an ellipsis. */
  readonly max?: number;
  readonly colour?: (cell: string) => string;
}

/**
 * Prints rows: on a terminal as aligned columns under a header, piped as
 * tab-separated lines without a header (so `cut -f1` works).
 */
export function printTable(ctx: Context, columns: readonly Column[], rows: readonly string[][]): void {
  const safe = rows.map((r) => r.map((cell) => sanitizeLine(cell)));
  if (!isTTY(ctx)) {
    for (const r of safe) ctx.stdout.write(r.join('\t') + '\n');
    return;
  }
  const c = colours(ctx);
  const cut = safe.map((r) => r.map((cell, i) => truncateToWidth(cell, columns[i]?.max ?? 60)));
  const widths = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...cut.map((r) => displayWidth(r[i] ?? ''))),
  );
  const pad = (s: string, i: number) => s + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(s)));
  const last = columns.length - 1;
  ctx.stdout.write(columns.map((col, i) => c.bold(i === last ? col.header : pad(col.header, i))).join('  ') + '\n');
  for (const r of cut) {
    const line = r.map((cell, i) => {
      const padded = i === last ? cell : pad(cell, i);
      const colour = columns[i]?.colour;
      return colour && c.level > 0 ? colour(padded) : padded;
    });
    ctx.stdout.write(line.join('  ') + '\n');
  }
}

/** A time for people ("5m ago") on a terminal, ISO 8601 when piped. */
export function when(ctx: Context, isoTime: string): string {
  if (!isTTY(ctx)) return isoTime;
  return ago(ctx.now().getTime() - Date.parse(isoTime));
}

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  return `${Math.round(h / 24)}d ago`;
}

/** Multi-line text from outside (comments, messages), made inert for the terminal. */
export function block(text: string): string {
  return sanitizeTerminal(text);
}
