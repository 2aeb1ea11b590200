/**
 * What the masking detectors report — a claim on a stretch of text, masked or left as typed — and
 * the characters numbers are made of: ASCII digits and the spaces that may group them. Pure.
 */

/** The kinds of sensitive data that are masked. */
export type MaskKind = 'email' | 'iban' | 'card' | 'ssn' | 'phone';

/** A masked stretch: offsets in UTF-16 code units into the original text, end exclusive. */
export interface MaskSpan {
  start: number;
  end: number;
  kind: MaskKind;
}

/** A stretch a detector matched: masked with `replacement`, or left as typed when it is null. */
export interface Claim extends MaskSpan {
  replacement: string | null;
}

export type MaskedClaim = Claim & { replacement: string };

export interface Range {
  start: number;
  end: number;
}

/** Looks for one kind in `text[from, to)` and appends what it matches to `out`. */
export type Finder = (text: string, from: number, to: number, out: Claim[]) => void;

export const DOT = 0x2e;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const PLUS = 0x2b;
export const ZERO = 0x30;
export const NINE = 0x39;

export const SPACE = '[ \\u00a0\\u2009\\u202f]';
const SPACES = new RegExp(SPACE, 'g');
export const NOT_ALNUM = /[^0-9A-Za-z]/g;

/** The one output form of a number: spaces dropped, all but the last four letters or digits `*`. */
export function maskNumber(value: string): string {
  const compact = value.replace(SPACES, '');
  let cut = compact.length;
  let kept = 0;
  while (cut > 0 && kept < 4) {
    cut--;
    if (isAsciiAlnum(compact.charCodeAt(cut))) kept++;
  }
  return '*'.repeat(cut) + compact.slice(cut).replace(NOT_ALNUM, '*');
}

export function slice(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

export function countDigits(text: string, range: Range): number {
  let count = 0;
  for (let i = range.start; i < range.end; i++) if (isDigit(text.charCodeAt(i))) count++;
  return count;
}

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x2009 || c === 0x202f;
}
