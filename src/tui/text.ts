/**
 * Text for the screen: customer values made safe (terminal escapes stripped, then masked), display
 * widths that count wide characters and emoji as two columns, cutting to a width and wrapping. Pure.
 */
import { sanitizeLine, sanitizeTerminal } from '../core/terminal.js';
import { displayWidth } from '../core/display-width.js';

export { clock } from './clock.js';

/** How customer values are masked: the core rules, or identity for a technician allowed `--no-mask`. */
export type Masker = (text: string) => string;

/** A customer value on one line: inert for the terminal, then masked. */
export function safeLine(text: string, mask: Masker): string {
  return mask(sanitizeLine(text));
}

/** A customer text that may span lines (a message, a comment): inert, masked, tabs as spaces. */
export function safeBlock(text: string, mask: Masker): string {
  return mask(sanitizeTerminal(text)).replace(/\t/g, '    ');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ASCII = /^[\x20-\x7e]*$/;

function* units(text: string): Generator<string> {
  for (const s of graphemes.segment(text)) yield s.segment;
}

/** Display width of a line (no newlines). */
export function width(text: string): number {
  if (ASCII.test(text)) return text.length;
  let w = 0;
  for (const g of units(text)) w += displayWidth(g);
  return w;
}

/** Cuts a line to at most `max` columns, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (ASCII.test(text)) return text.length <= max ? text : text.slice(0, max - 1) + '…';
  if (width(text) <= max) return text;
  let out = '';
  let w = 0;
  for (const g of units(text)) {
    const gw = displayWidth(g);
    if (w + gw > max - 1) break;
    out += g;
    w += gw;
  }
  return out + '…';
}

/** Pads (or cuts) a line to exactly `cols` columns. */
export function fit(text: string, cols: number): string {
  const t = truncate(text, cols);
  return t + ' '.repeat(Math.max(0, cols - width(t)));
}

/** Pads on the left to `cols` columns (numbers, times). */
export function fitRight(text: string, cols: number): string {
  const t = truncate(text, cols);
  return ' '.repeat(Math.max(0, cols - width(t))) + t;
}

/**
 * Wraps text to lines of at most `cols` columns: at spaces where it can, inside a word when a word is
 * longer than a line. Newlines in the text start new lines.
 */
export function wrap(text: string, cols: number): string[] {
  const c = Math.max(1, cols);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.length === 0) {
      out.push('');
      continue;
    }
    if (ASCII.test(para) && para.length <= c) {
      out.push(para);
      continue;
    }
    let line = '';
    let lineW = 0;
    let lastSpace = -1; // index in `line` after the last space
    let widthAtSpace = 0;
    const ascii = ASCII.test(para);
    for (const g of ascii ? para : units(para)) {
      const gw = ascii ? 1 : displayWidth(g);
      if (lineW + gw > c) {
        if (g === ' ') {
          out.push(line);
          line = '';
          lineW = 0;
          lastSpace = -1;
          continue;
        }
        if (lastSpace > 0) {
          out.push(line.slice(0, lastSpace).trimEnd());
          line = line.slice(lastSpace);
          lineW -= widthAtSpace;
        } else {
          out.push(line);
          line = '';
          lineW = 0;
        }
        lastSpace = -1;
      }
      line += g;
      lineW += gw;
      if (g === ' ') {
        lastSpace = line.length;
        widthAtSpace = lineW;
      }
    }
    out.push(line);
  }
  return out;
}

/** A short age: `45s`, `12m`, `5h`, `3d`. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** `14:03` in local time. */
export function hhmm(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
