/**
 * How many terminal columns text takes: East Asian wide characters and emoji (a family or a flag
 * included) two, combining marks and zero-width characters none, ANSI escape sequences none. It is
 * `string-width`, the measure Ink lays the TUI out by, so the CLI's tables and the TUI's panes cut
 * and pad text alike. Pure.
 */
import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns `text` (one line) takes in a terminal. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * `text` (without escape sequences) cut to at most `max` columns, ending with `…` when cut; a character
 * (a grapheme: an accented letter, an emoji family) is kept whole or left out.
 */
export function truncateToWidth(text: string, max: number): string {
  if (max <= 0) return '';
  if (stringWidth(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > max - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}
