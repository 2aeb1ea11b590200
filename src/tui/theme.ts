/**
 * Colours as semantic tokens: components ask for `customer` or `rona`, never for `cyan`. With
 * NO_COLOR set the tokens keep only what is not colour (bold, inverse, dim, underline), so every
 * state that matters (RONA above all) stays visible without colour as well.
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
export type Theme = Readonly<Record<Token, Style>>;

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

export function makeTheme(noColor: boolean): Theme {
  if (!noColor) return TOKENS;
  const out = {} as Record<Token, Style>;
  for (const [name, style] of Object.entries(TOKENS) as Array<[Token, Style]>) {
    const mono = MONO[name];
    if (mono) {
      out[name] = mono;
      continue;
    }
    const { color: _c, backgroundColor: _b, ...rest } = style;
    out[name] = rest;
  }
  return out;
}

/** NO_COLOR set to anything but the empty string turns colour off (https://no-color.org). */
export function noColorFrom(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export const ThemeContext = createContext<Theme>(TOKENS);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
