/**
 * Output for people and for scripts: data on stdout, status on stderr; aligned
 * columns and colour on a terminal, tab-separated plain text when piped, JSON
 * with `--json`.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from './context.js';
import { writePaged } from './pager.js';
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

/** A status line for people, on stderr; the message (which may name server values) made inert. */
export function say(ctx: Context, message: string): void {
  const c = colours(ctx, 'stderr');
  ctx.stderr.write(`${c.green('✓')} ${sanitizeLine(message)}\n`);
}

/**
 * A server answer made inert for the terminal as a whole: every string in it, however deep, through
 * the sanitiser (newlines and tabs kept). Views for people take their data through this once, so no
 * field the server sends (a company, an assignee, a tag) is printed raw.
 */
export function inertData<T>(value: T): T {
  if (typeof value === 'string') return sanitizeTerminal(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => inertData(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inertData(v)])) as T;
  }
  return value;
}

export interface Column {
  readonly header: string;
  /** Longest a cell may be on a terminal before it is cut with an ellipsis. */
  readonly max?: number;
  /** Cut first (as `gh` does the title) when the table is wider than the terminal. */
  readonly shrink?: boolean;
  readonly colour?: (cell: string) => string;
}

/** Narrowest a column is cut to when the table must fit the terminal. */
const NARROWEST = 6;

/**
 * Column widths that fit `total` terminal columns (two spaces between columns): the `shrink`
 * columns are cut first, then the others from the widest, none below its header or {@link NARROWEST}.
 */
function fitWidths(columns: readonly Column[], widths: number[], total: number | undefined): number[] {
  if (total === undefined || total <= 0) return widths;
  const fitted = [...widths];
  let over = fitted.reduce((sum, w) => sum + w, 0) + 2 * (fitted.length - 1) - total;
  const floor = (i: number) => Math.min(fitted[i]!, Math.max(NARROWEST, displayWidth(columns[i]!.header)));
  const order = fitted
    .map((_, i) => i)
    .sort(
      (a, b) => Number(columns[b]!.shrink === true) - Number(columns[a]!.shrink === true) || fitted[b]! - fitted[a]!,
    );
  for (const i of order) {
    if (over <= 0) break;
    const cut = Math.min(over, fitted[i]! - floor(i));
    fitted[i]! -= cut;
    over -= cut;
  }
  return fitted;
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
  const capped = safe.map((r) => r.map((cell, i) => truncateToWidth(cell, columns[i]?.max ?? 60)));
  const natural = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...capped.map((r) => displayWidth(r[i] ?? ''))),
  );
  // On a terminal every row fits its width: no row wraps.
  const widths = fitWidths(columns, natural, ctx.stdout.columns);
  const cut = capped.map((r) => r.map((cell, i) => truncateToWidth(cell, widths[i] ?? 60)));
  const pad = (s: string, i: number) => s + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(s)));
  const last = columns.length - 1;
  const header = (col: Column, i: number) => truncateToWidth(col.header, widths[i] ?? 60);
  const lines = [columns.map((col, i) => c.bold(i === last ? header(col, i) : pad(header(col, i), i))).join('  ')];
  for (const r of cut) {
    const line = r.map((cell, i) => {
      const padded = i === last ? cell : pad(cell, i);
      const colour = columns[i]?.colour;
      return colour && c.level > 0 ? colour(padded) : padded;
    });
    lines.push(line.join('  '));
  }
  // A list longer than the terminal goes through the pager.
  writePaged(ctx, lines.join('\n') + '\n', lines.length);
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
