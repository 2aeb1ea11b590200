/**
 * One line of the screen made of styled segments. Lines never wrap (a row that does not fit is cut),
 * so every pane keeps the height it was given and only changed lines are rewritten.
 */
import { Text } from 'ink';
import { createContext, memo, useContext } from 'react';
import { useTheme, type Theme, type Token } from '../theme.js';
import { maskText } from '../../core/masking.js';
import { fit, type Masker } from '../text.js';
import { sanitizeLine } from '../../core/terminal.js';

export interface Segment {
  readonly text: string;
  readonly token?: Token;
}

export type LineSpec = readonly Segment[];

/** The line as one string with SGR sequences: the whole-line style under each segment's own. */
export function lineText(segments: LineSpec, theme: Theme, token?: Token): string {
  const base = token ? theme[token] : '';
  let out = '';
  for (const s of segments) {
    if (s.text.length === 0) continue;
    const own = s.token ? theme[s.token] : '';
    const codes = base && own ? `${base};${own}` : base || own;
    out += codes ? `\x1b[${codes}m${s.text}\x1b[0m` : s.text;
  }
  return out;
}

function same(a: LineSpec, b: LineSpec): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.text !== b[i]!.text || a[i]!.token !== b[i]!.token) return false;
  }
  return true;
}

/** Renders segments on one line, padded (or cut) to `width` columns when given. */
export const Line = memo(
  function Line({
    segments,
    width,
    token,
  }: {
    segments: LineSpec;
    width?: number;
    /** A style over the whole line (the selected row). */
    token?: Token;
  }) {
    const theme = useTheme();
    // The one text component of the TUI: whatever a pane puts on a line is made inert here.
    let parts = inertSegments(segments);
    if (width !== undefined) {
      const joined = parts.map((s) => s.text).join('');
      const padded = fit(joined, width);
      if (padded !== joined) parts = cutSegments(parts, padded);
    }
    return <Text wrap="truncate">{lineText(parts, theme, token)}</Text>;
  },
  (a, b) => a.width === b.width && a.token === b.token && same(a.segments, b.segments),
);

/** The segments with their text inert for the terminal (the same array when nothing changes). */
function inertSegments(segments: LineSpec): LineSpec {
  let out: Segment[] | undefined;
  segments.forEach((s, i) => {
    const text = sanitizeLine(s.text);
    if (text === s.text && out === undefined) return;
    out ??= segments.slice(0, i);
    out.push(text === s.text ? s : { ...s, text });
  });
  return out ?? segments;
}

/** The segments re-cut to match `target`, which is their joined text padded or truncated. */
function cutSegments(segments: LineSpec, target: string): Segment[] {
  const out: Segment[] = [];
  let rest = target;
  for (const s of segments) {
    if (rest.length === 0) break;
    if (rest.startsWith(s.text)) {
      out.push(s);
      rest = rest.slice(s.text.length);
      continue;
    }
    // This segment was cut: keep what is left of the target in its style and stop.
    out.push({ ...s, text: rest });
    rest = '';
  }
  if (rest.length > 0) out.push({ text: rest });
  return out;
}

/** How customer values are masked in this session (the core rules unless `--no-mask` is allowed). */
export const MaskContext = createContext<Masker>(maskText);

export function useMask(): Masker {
  return useContext(MaskContext);
}
