/**
 * Printing a report. On a terminal: a title, the headline totals, a sparkline over the periods, a
 * table whose last column is a bar chart, and shares as horizontal bars, all within the terminal's
 * width (at most 80 columns) and coloured by meaning unless NO_COLOR. Piped: one tab-separated line
 * per row with every figure, unrounded. `--csv`: the same with a header line.
 */
import type { ChalkInstance } from 'chalk';
import type { Context } from '../context.js';
import type { AnyReport } from '../../core/reports.js';
import { formatDuration } from '../../core/duration.js';
import { sanitizeLine } from '../../core/terminal.js';
import { displayWidth, truncateToWidth } from '../../core/display-width.js';
import { colours } from '../output.js';
import { bar, percent, sparkline } from './charts.js';
import type { Figure, Format, ReportSpec, Tone } from './specs.js';

type Row = Record<string, unknown>;

/** The widest a report draws, even on a wider terminal. */
const MAX_WIDTH = 80;

export function formatFigure(value: unknown, format: Format): string {
  if (value === null || value === undefined) return '–';
  const n = Number(value);
  switch (format) {
    case 'ms':
      return formatDuration(n);
    case 'rate':
      return percent(n);
    case 'average':
      return n.toFixed(2);
    case 'cents':
      return (n / 100).toFixed(2);
    default:
      return String(n);
  }
}

function paint(c: ChalkInstance, tone: Tone | undefined, text: string): string {
  if (c.level === 0 || !tone) return text;
  const by: Record<Tone, (s: string) => string> = {
    good: c.green,
    bad: c.red,
    warn: c.yellow,
    accent: c.cyan,
    muted: c.dim,
  };
  return by[tone](text);
}

/** The fields of a row, in order, for piped and CSV output (every figure, the row's key first). */
function fieldsOf(rows: readonly Row[]): string[] {
  const first = rows[0];
  return first ? Object.keys(first) : [];
}

function plainCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return sanitizeLine(String(value));
}

/** Tab-separated rows: every field, unrounded, no header. */
export function printPiped(ctx: Context, report: AnyReport): void {
  const rows = report.rows as readonly Row[];
  const fields = fieldsOf(rows);
  for (const row of rows) ctx.stdout.write(fields.map((k) => plainCell(row[k])).join('\t') + '\n');
}

function csvCell(value: unknown): string {
  const s = plainCell(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a header line of field names (units in the names). */
export function printCsv(ctx: Context, report: AnyReport): void {
  const rows = report.rows as readonly Row[];
  const fields = fieldsOf(rows);
  if (!fields.length) return;
  ctx.stdout.write(fields.join(',') + '\n');
  for (const row of rows) ctx.stdout.write(fields.map((k) => csvCell(row[k])).join(',') + '\n');
}

/** Label–value pairs, wrapped at the width. */
function headline(c: ChalkInstance, totals: Row, figures: readonly Figure[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const fig of figures) {
    const value = formatFigure(totals[fig.field], fig.format);
    const plain = `${fig.label} ${value}`;
    const gap = used === 0 ? 0 : 3;
    if (used > 0 && used + gap + displayWidth(plain) > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += (used === 0 ? '' : '   ') + `${fig.label} ${c.bold(paint(c, fig.tone, value))}`;
    used += (used === 0 ? 0 : 3) + displayWidth(plain);
  }
  if (line) lines.push(line);
  return lines;
}

const GROUP_HEADER: Record<string, string> = {
  day: 'DAY',
  week: 'WEEK OF',
  month: 'MONTH OF',
  technician: 'TECHNICIAN',
  queue: 'QUEUE',
  company: 'COMPANY',
  priority: 'PRIORITY',
  type: 'TYPE',
};

function table(c: ChalkInstance, spec: ReportSpec, report: AnyReport, width: number): string[] {
  const rows = report.rows as readonly Row[];
  const labels = rows.map((r) => truncateToWidth(sanitizeLine(String(r.label)), 20));
  const cells = rows.map((r) => spec.columns.map((col) => formatFigure(r[col.field], col.format)));
  const head = [GROUP_HEADER[report.by] ?? 'GROUP', ...spec.columns.map((col) => col.label)];
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...(i === 0 ? labels : cells.map((r) => r[i - 1] ?? '')).map(displayWidth)),
  );
  const used = widths.reduce((a, b) => a + b, 0) + 2 * widths.length;
  const barWidth = Math.min(24, width - used);
  const showBar = barWidth >= 6;
  const pad = (s: string, w: number, right: boolean) => {
    const space = ' '.repeat(Math.max(0, w - displayWidth(s)));
    return right ? space + s : s + space;
  };
  const max = Math.max(0, ...rows.map((r) => Number(r[spec.chart.field] ?? 0)));
  const out: string[] = [];
  const headCells = head.map((h, i) => pad(h, widths[i] ?? 0, i > 0));
  if (showBar) headCells.push(spec.chart.label.toUpperCase());
  out.push(c.bold(headCells.join('  ').trimEnd()));
  rows.forEach((r, ri) => {
    const line = [pad(labels[ri] ?? '', widths[0] ?? 0, false)];
    spec.columns.forEach((col, ci) => {
      const text = pad(cells[ri]?.[ci] ?? '', widths[ci + 1] ?? 0, true);
      const value = r[col.field];
      line.push(value === 0 || value === null ? paint(c, 'muted', text) : paint(c, col.tone, text));
    });
    if (showBar) line.push(paint(c, spec.chart.tone, bar(Number(r[spec.chart.field] ?? 0), max, barWidth)));
    out.push(line.join('  ').trimEnd());
  });
  return out;
}

function shares(c: ChalkInstance, spec: ReportSpec, report: AnyReport, width: number): string[] {
  const s = spec.shares?.(report as unknown as Record<string, unknown>);
  if (!s) return [];
  const labels = s.items.map((i) => truncateToWidth(sanitizeLine(i.label), 24));
  const labelWidth = Math.max(...labels.map(displayWidth));
  const tails = s.items.map((i) => `${i.count}  ${percent(i.share)}`);
  const tailWidth = Math.max(...tails.map(displayWidth));
  const barWidth = Math.min(40, Math.max(6, width - labelWidth - tailWidth - 4));
  const out = ['', c.bold(s.title)];
  s.items.forEach((item, i) => {
    const label = (labels[i] ?? '') + ' '.repeat(labelWidth - displayWidth(labels[i] ?? ''));
    const drawn = bar(item.share, 1, barWidth);
    const filler = ' '.repeat(barWidth - displayWidth(drawn));
    const tail = ' '.repeat(tailWidth - displayWidth(tails[i] ?? '')) + (tails[i] ?? '');
    out.push(`${label}  ${paint(c, 'accent', drawn)}${filler}  ${tail}`);
  });
  return out;
}

/** The report for a person on a terminal. `extra` lines (lists) come last. */
export function printHuman(ctx: Context, spec: ReportSpec, report: AnyReport, extra: readonly string[] = []): void {
  const c = colours(ctx);
  const width = Math.min(MAX_WIDTH, ctx.stdout.columns ?? MAX_WIDTH);
  const out: string[] = [];
  out.push(
    c.bold(`${spec.title} ${report.from} to ${report.to}`) + paint(c, 'muted', ` · ${report.tz} · by ${report.by}`),
  );
  const totals = report.totals as Row;
  for (const figures of spec.headline) out.push(...headline(c, totals, figures, width));
  const rows = report.rows as readonly Row[];
  if (['day', 'week', 'month'].includes(report.by) && rows.length > 1) {
    const values = rows.map((r) => (r[spec.chart.field] as number | null) ?? 0);
    const line = sparkline(values.slice(-(width - 20)));
    out.push(`${paint(c, 'muted', `${spec.chart.label} per ${report.by}`)}  ${paint(c, spec.chart.tone, line)}`);
  }
  out.push('');
  if (rows.length) out.push(...table(c, spec, report, width));
  else out.push(paint(c, 'muted', 'Nothing in this range.'));
  out.push(...shares(c, spec, report, width));
  out.push(...extra);
  ctx.stdout.write(out.join('\n') + '\n');
}
