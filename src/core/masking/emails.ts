/**
 * E-mail addresses in customer text: a local part of Latin letters (accented ones too), digits and
 * `._%+-`, and a domain that ends in a top-level domain of two or more letters. Pure.
 */
import { DOT, PLUS, isAsciiAlnum, type Claim } from './claims.js';
import { unicode } from './boundaries.js';

export function findEmails(text: string): Claim[] {
  const out: Claim[] = [];
  let floor = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    const start = localPartStart(text, at, floor);
    const domain = unicode().domain;
    domain.lastIndex = at + 1;
    if (start < at && domain.test(text)) {
      const end = domain.lastIndex;
      out.push(emailClaim(text, start, at, end));
      floor = end;
    }
    at = text.indexOf('@', Math.max(at + 1, floor));
  }
  return out;
}

function localPartStart(text: string, at: number, floor: number): number {
  let start = at;
  while (start > floor && isLocalPartChar(text, start - 1)) start--;
  return start;
}

function isLocalPartChar(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c >= 0x80) {
    const localPartExtra = unicode().localPartExtra;
    localPartExtra.lastIndex = index;
    return localPartExtra.test(text);
  }
  return isAsciiAlnum(c) || c === DOT || c === 0x5f || c === 0x25 || c === PLUS || c === 0x2d;
}

function emailClaim(text: string, start: number, at: number, end: number): Claim {
  const local = [...text.slice(start, at)];
  const replacement =
    local.length > 1 ? local.map((ch, i) => (i === 0 ? ch : '*')).join('') + text.slice(at, end) : null;
  return { start, end, kind: 'email', replacement };
}
