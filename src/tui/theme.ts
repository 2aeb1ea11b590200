/**
 * Colours as semantic tokens: components ask for `customer` or `rona`, never for `cyan`. With
 * NO_COLOR set the tokens keep only what is not colour (bold, inverse, dim, underline), so every
 * state that matters (RONA above all) stays visible without colour as well. Tokens turn into SGR
 * sequences that lines carry as one string: one text node per screen line is much cheaper for Ink
 * to lay out and draw than a node per coloured piece.
 */
import { createContext, useContext } from 'react';

export interface Style {
  readonly color?: string;
  readonly backgroundColor?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
  readonly underline?: boolean;
  readonly italic?: boolean;
}

const TOKENS = {
  plain: {},
  title: { bold: true },
  muted: { dimColor: true },
  accent: { color: 'cyan' },
  /** The focused pane's title and borders. */
  focus: { color: 'cyan', bold: true },
  /** The selected row of a list. */
  selected: { inverse: true },
  /** The selected row of a list that does not have the focus. */
  selectedDim: { bold: true },
  customer: { color: 'cyan' },
  technician: { color: 'green' },
  me: { color: 'greenBright' },
  system: { dimColor: true, italic: true },
  internal: { color: 'yellow' },
  reply: { color: 'white' },
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  danger: { color: 'red', bold: true },
  error: { color: 'red' },
  info: { color: 'cyan' },
  offer: { color: 'magentaBright', bold: true },
  /** RONA: a state that must not be missed. */
  rona: { backgroundColor: 'red', color: 'whiteBright', bold: true },
  available: { color: 'green', bold: true },
  away: { color: 'yellow' },
  offline: { dimColor: true },
  live: { color: 'green' },
  reconnecting: { color: 'yellow', bold: true },
  disconnected: { color: 'red', bold: true },
  key: { color: 'cyan', bold: true },
  counter: { dimColor: true },
  counterFull: { color: 'red', bold: true },
} satisfies Record<string, Style>;

export type Token = keyof typeof TOKENS;
/** Each token as SGR parameters (`1;36`), '' for none. */
export type Theme = Readonly<Record<Token, string>>;

/** Styles without colour: what stays readable under NO_COLOR. */
const MONO: Partial<Record<Token, Style>> = {
  rona: { inverse: true, bold: true },
  selected: { inverse: true },
  danger: { bold: true },
  offer: { bold: true },
  reconnecting: { bold: true },
  disconnected: { bold: true, inverse: true },
  internal: { italic: true },
  counterFull: { bold: true, inverse: true },
};

const FG: Record<string, number> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
  redBright: 91,
  greenBright: 92,
  yellowBright: 93,
  blueBright: 94,
  magentaBright: 95,
  cyanBright: 96,
  whiteBright: 97,
};

/** A style as SGR parameters. */
export function sgr(style: Style): string {
  const codes: number[] = [];
  if (style.bold) codes.push(1);
  if (style.dimColor) codes.push(2);
  if (style.italic) codes.push(3);
  if (style.underline) codes.push(4);
  if (style.inverse) codes.push(7);
  const fg = style.color === undefined ? undefined : FG[style.color];
  if (fg !== undefined) codes.push(fg);
  const bg = style.backgroundColor === undefined ? undefined : FG[style.backgroundColor];
  if (bg !== undefined) codes.push(bg + 10);
  return codes.join(';');
}

/**
 * The theme for a terminal: colours and attributes, attributes only under NO_COLOR, or nothing at
 * all (`plain`, for tests that read frames as text).
 */
export function makeTheme(noColor: boolean, plain = false): Theme {
  const out = {} as Record<Token, string>;
  for (const [name, style] of Object.entries(TOKENS) as Array<[Token, Style]>) {
    if (plain) out[name] = '';
    else if (!noColor) out[name] = sgr(style);
    else {
      const { color: _c, backgroundColor: _b, ...rest } = style;
      out[name] = sgr(MONO[name] ?? rest);
    }
  }
  return out;
}

/** NO_COLOR set to anything but the empty string turns colour off (https://no-color.org). */
export function noColorFrom(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export const ThemeContext = createContext<Theme>(makeTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
