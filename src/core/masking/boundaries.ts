/**
 * Where a number or an IBAN may start and end: what it may not touch (DESIGN §2.5 and the choices in
 * ../masking.ts), and narrowing a run of digit groups until it touches nothing. Pure.
 */
import { COLON, COMMA, DOT, PLUS, isDigit, isSpace, type Range } from './claims.js';

/**
 * The patterns built on Unicode properties, made on first use: building them costs about a
 * millisecond, which text without e-mail addresses or long numbers never needs to pay.
 */
interface UnicodePatterns {
  /** What a number may not touch (see the choices in ../masking.ts); tested at one position. */
  readonly glue: RegExp;
  readonly letterOrDigit: RegExp;
  /** Non-ASCII characters of an e-mail local part: Latin letters, accented ones included. */
  readonly localPartExtra: RegExp;
  readonly domain: RegExp;
}
let unicodePatterns: UnicodePatterns | undefined;
export function unicode(): UnicodePatterns {
  return (unicodePatterns ??= {
    glue: /(?![\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}\p{scx=Bopo}])[\p{L}\p{N}\p{M}\p{Sc}+\-./_@#%&=*~\\]/uy,
    letterOrDigit: /[\p{L}\p{N}]/uy,
    localPartExtra: /[\p{scx=Latn}\p{M}]/uy,
    domain: /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}/uy,
  });
}

/**
 * Narrows a run so it touches nothing: a glued space-separated group at either end is dropped.
 * Undefined when nothing is left.
 */
export function trimGlued(text: string, start: number, end: number): Range | undefined {
  let from = start;
  let to = end;
  if (gluedBefore(text, from)) {
    const space = indexOfSpace(text, firstSeparatorAt(text, from), to);
    if (space === -1) return undefined;
    from = space + 1;
  }
  if (gluedAfter(text, to)) {
    const space = lastIndexOfSpace(text, firstSeparatorAt(text, from), to);
    if (space === -1) return undefined;
    to = space;
  }
  return { start: from, end: to };
}

/** Where a space may start separating groups: after the `+ ` that may lead a phone number. */
function firstSeparatorAt(text: string, start: number): number {
  return start + (text.charCodeAt(start) === PLUS ? 2 : 1);
}

export function gluedBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const previous = text.charCodeAt(start - 1);
  if (previous === COLON) return start >= 2 && isDigit(text.charCodeAt(start - 2));
  const isLowSurrogate = previous >= 0xdc00 && previous <= 0xdfff;
  return testAt(unicode().glue, text, isLowSurrogate && start >= 2 ? start - 2 : start - 1);
}

export function gluedAfter(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const next = text.charCodeAt(end);
  if (next === COLON) return true;
  if (next === DOT || next === COMMA) return testAt(unicode().letterOrDigit, text, end + 1);
  return testAt(unicode().glue, text, end);
}

function testAt(sticky: RegExp, text: string, index: number): boolean {
  sticky.lastIndex = index;
  return sticky.test(text);
}

function indexOfSpace(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (isSpace(text.charCodeAt(i))) return i;
  return -1;
}

function lastIndexOfSpace(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (isSpace(text.charCodeAt(i))) return i;
  return -1;
}
