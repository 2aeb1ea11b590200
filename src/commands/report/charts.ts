/**
 * Terminal charts for reports, as plain text (colour is added by the caller): a sparkline of a
 * figure per period, a bar scaled to the largest value, and bars for shares. Pure.
 */
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** One character per value, from ▁ (the smallest, or nothing) to █ (the largest). */
export function sparkline(values: readonly (number | null)[]): string {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null || max === 0) return ' ';
      return SPARKS[Math.min(SPARKS.length - 1, Math.round(((v ?? 0) / max) * (SPARKS.length - 1)))] ?? ' ';
    })
    .join('');
}

/** A bar of `value / max` of `width` cells, in eighths of a cell; a non-zero value shows at least ▏. */
export function bar(value: number, max: number, width: number): string {
  if (width <= 0 || max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
}

/** A share as a whole percentage: 0.333 → `33%`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
