/**
 * Payment cards (Luhn), US social security numbers and phone numbers in customer text: runs of digit
 * groups found with one grammar, then told apart by their shape. Pure.
 */
import { PLUS, SPACE, ZERO, countDigits, maskNumber, slice, type Claim, type Range } from './claims.js';
import { trimGlued } from './boundaries.js';

const SEPARATOR = `(?:${SPACE}|[.-])`;
const PHONE_UNIT = `(?:\\(\\d{1,5}\\)${SEPARATOR}?)?\\d+`;
const PHONE_LEAD = `(?:\\+${SPACE}?|\\(\\+\\d{1,4}\\)${SEPARATOR}?)`;
const PHONE_RUN = `${PHONE_LEAD}?${PHONE_UNIT}(?:${SEPARATOR}${PHONE_UNIT})*`;
/**
 * A stretch of the characters numbers are made of, long enough to hold eight digits: a cheap first
 * scan that skips times, small numbers and prose. Each global regex here is used by one function
 * only, so their `lastIndex` never interleave.
 */
const STRETCH = /[\d+(][\d+(). \u00a0\u2009\u202f-]{7,}/g;
/** A run of digit groups in the phone grammar, which also covers card and SSN shapes. */
const RUN = new RegExp(PHONE_RUN, 'g');
/** A phone candidate in what cards and SSNs left of a run. */
const RUN_REST = new RegExp(PHONE_RUN, 'g');
/** Digit groups joined by one kind of separator, a space or a dash: card and SSN shapes. */
const SEGMENT = new RegExp(`\\d+(?:(${SPACE}|-)\\d+(?:\\1\\d+)*)?`, 'g');
const GROUP_SEPARATOR = new RegExp(`${SPACE}|-`);
const DIGIT_GROUPS = /\d+/g;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DECIMAL = /^\d+\.\d+$/;
const VERSION = /^[1-9]\d?(?:\.\d+){2,}$/;
const NATIONAL_UNBROKEN = /^0[1-9]\d{8,10}$/;

export function findNumbers(text: string, from: number, to: number, out: Claim[]): void {
  const region = slice(text, from, to);
  STRETCH.lastIndex = 0;
  for (let match = STRETCH.exec(region); match !== null; match = STRETCH.exec(region)) {
    const start = from + match.index;
    findRuns(text, start, start + match[0].length, out);
  }
}

function findRuns(text: string, from: number, to: number, out: Claim[]): void {
  const region = slice(text, from, to);
  RUN.lastIndex = 0;
  for (let match = RUN.exec(region); match !== null; match = RUN.exec(region)) {
    const start = from + match.index;
    const run = trimGlued(text, start, start + match[0].length);
    if (run !== undefined && countDigits(text, run) >= (startsWithPlus(text, run.start) ? 8 : 9)) {
      classifyRun(text, run, out);
    }
  }
}

/** Cards and SSNs first, then phones in what they left of the run. */
function classifyRun(text: string, run: Range, out: Claim[]): void {
  const claims = findCardsAndSsns(text, run);
  out.push(...claims);
  if (claims.length === 0) {
    pushPhone(text, run, out);
    return;
  }
  let from = run.start;
  for (const claim of claims) {
    findPhones(text, from, claim.start, out);
    from = claim.end;
  }
  findPhones(text, from, run.end, out);
}

function findCardsAndSsns(text: string, run: Range): Claim[] {
  const claims: Claim[] = [];
  const region = slice(text, run.start, run.end);
  SEGMENT.lastIndex = 0;
  for (let match = SEGMENT.exec(region); match !== null; match = SEGMENT.exec(region)) {
    const start = run.start + match.index;
    const segment = trimGlued(text, start, start + match[0].length);
    const claim = segment === undefined ? undefined : cardOrSsnClaim(text, segment);
    if (claim !== undefined) claims.push(claim);
  }
  return claims;
}

function cardOrSsnClaim(text: string, segment: Range): Claim | undefined {
  const value = text.slice(segment.start, segment.end);
  const groups = value.split(GROUP_SEPARATOR);
  const shape = groups.map((group) => group.length);
  if (isCardShape(shape)) {
    return { ...segment, kind: 'card', replacement: luhn(groups.join('')) ? maskNumber(value) : null };
  }
  if (shape.join('-') === '3-2-4') {
    return { ...segment, kind: 'ssn', replacement: isValidSsn(value) ? maskNumber(value) : null };
  }
  return undefined;
}

/** 13–19 digits, compact, in groups of four (the last one shorter), or Amex 4-6-5 / Diners 4-6-4. */
function isCardShape(shape: readonly number[]): boolean {
  const digits = shape.reduce((sum, size) => sum + size, 0);
  if (digits < 13 || digits > 19) return false;
  const key = shape.join('-');
  if (shape.length === 1 || key === '4-6-5' || key === '4-6-4') return true;
  return shape.every((size, i) => (i === shape.length - 1 ? size <= 4 : size === 4));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - ZERO;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** `AAA-GG-SSSS` (or with spaces): area not 000, 666 or 900–999, group not 00, serial not 0000. */
function isValidSsn(value: string): boolean {
  const area = Number(value.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && Number(value.slice(4, 6)) !== 0 && Number(value.slice(7)) !== 0;
}

function findPhones(text: string, from: number, to: number, out: Claim[]): void {
  const region = slice(text, from, to);
  RUN_REST.lastIndex = 0;
  for (let match = RUN_REST.exec(region); match !== null; match = RUN_REST.exec(region)) {
    const start = from + match.index;
    const run = trimGlued(text, start, start + match[0].length);
    if (run !== undefined) pushPhone(text, run, out);
  }
}

function pushPhone(text: string, run: Range, out: Claim[]): void {
  const value = text.slice(run.start, run.end);
  if (isPhone(value)) out.push({ ...run, kind: 'phone', replacement: maskNumber(value) });
}

function isPhone(value: string): boolean {
  if (DOTTED_QUAD.test(value) || DECIMAL.test(value) || VERSION.test(value)) return false;
  const digits = countDigits(value, { start: 0, end: value.length });
  if (startsWithPlus(value, 0)) return digits >= 8 && digits <= 15;
  const groups = value.match(DIGIT_GROUPS)?.length ?? 0;
  if (groups >= 2) return digits >= 9 && digits <= 12;
  return NATIONAL_UNBROKEN.test(value);
}

function startsWithPlus(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  return c === PLUS || (c === 0x28 && text.charCodeAt(start + 1) === PLUS);
}
