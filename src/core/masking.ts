/**
 * Sensitive-data masking (DESIGN §2.5): e-mail addresses, IBANs, payment cards, US social security
 * numbers and phone numbers in customer text. Pure; the clients mask what they show and the server
 * masks what it logs, both with this module.
 *
 * Detection runs kind by kind — e-mail, IBAN, card, SSN, phone — and text matched by one kind is not
 * looked at again. A number is masked by dropping its spaces and turning every other character into
 * `*`, except the last four digits (for an IBAN the last four letters or digits).
 *
 * Choices for the cases §2.5 leaves open, each made to protect the customer without hiding ticket
 * numbers, dates, times, versions or prices:
 * - Digits are ASCII digits. "Spaces" inside a number are U+0020 and the no-break, thin and narrow
 *   no-break spaces (U+00A0, U+2009, U+202F) that word processors put into phone numbers; all are
 *   dropped from the masked form.
 * - A number may not touch any letter except CJK (Han, Hiragana, Katakana, Hangul, Bopomofo), any
 *   digit of any script, a combining mark, any currency sign (¥ and ₹ like $ € £) or the listed
 *   `+ - . / _ @ # % & = * ~ \`. A `:` right after a digit (`10:30`) glues like a letter: a time is not
 *   a label such as `Tel:`.
 * - A run of groups is the longest one, but a space-separated group at either end that touches
 *   something belongs to that other token and is left out: in `4111 1111 1111 1111 05/25` the `05`
 *   is part of a date, in `0612345678 10:30` the `10` part of a time. Groups joined by `-` or `.`
 *   cannot be split off that way, so `ORD-123456789` and `15.01.2024` stay whole (and unmasked).
 * - Card and SSN shapes are looked for inside such a run as its longest stretches joined by one kind
 *   of separator, so `123-45-6789 0612345678` is an SSN followed by a phone. Card groups `4-4-4-4…`
 *   are groups of four with a last group of one to four digits (4-4-4-1 up to 4-4-4-4-3).
 * - A phone group in parentheses may be followed directly by digits (`(0)20`, `(555)123-4567`), and
 *   `(+44)` counts as a leading `+`. Parentheses around a whole number are brackets, not a group.
 * - Never a phone, besides the dotted quad: two groups joined by one `.` (an amount such as
 *   `1234567.89`) and a dotted run of three or more groups whose first group is 1–99 without a
 *   leading zero (a version such as `6.1.7601.24545`).
 * - A preceding `:` is a boundary even in a URI, so `tel:+33612345678` keeps `tel:` and masks the
 *   number.
 * - IBAN: capitals only (two for the country, and the letters of the account part); grouped by single
 *   spaces or by single dashes, one kind per number. A grouped IBAN followed by one more group (a BIC,
 *   a year) is cut at its country's length. An unknown country or a wrong length is "shaped like an
 *   IBAN and fails its check".
 * - E-mail: the local part's "Latin letters" include accented ones (`josé`); the domain is labels of
 *   letters and digits of any script ending in a top-level domain of two or more letters, so
 *   `user@localhost` is not an address. Each code point of the local part but the first becomes one
 *   `*`. A one-character local part is matched (and so not looked at again) but left as typed.
 * - In the masked form every non-digit character after the fourth-last digit becomes `*` too:
 *   `12-34-56-78-90` → `*********78*90`.
 * - Spans list only what was changed: a number that fails its check and a one-character e-mail
 *   have none.
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
interface Claim extends MaskSpan {
  replacement: string | null;
}

type MaskedClaim = Claim & { replacement: string };

interface Range {
  start: number;
  end: number;
}

/** Looks for one kind in `text[from, to)` and appends what it matches to `out`. */
type Finder = (text: string, from: number, to: number, out: Claim[]) => void;

const DOT = 0x2e;
const COMMA = 0x2c;
const COLON = 0x3a;
const PLUS = 0x2b;
const ZERO = 0x30;
const NINE = 0x39;

/** Text without an ASCII digit or `@` holds nothing to mask. */
const MAY_HOLD_DATA = /[0-9@]/;

const SPACE = '[ \\u00a0\\u2009\\u202f]';
const SPACES = new RegExp(SPACE, 'g');
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
const NOT_ALNUM = /[^0-9A-Za-z]/g;

const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DECIMAL = /^\d+\.\d+$/;
const VERSION = /^[1-9]\d?(?:\.\d+){2,}$/;
const NATIONAL_UNBROKEN = /^0[1-9]\d{8,10}$/;

/**
 * The patterns built on Unicode properties, made on first use: building them costs about a
 * millisecond, which text without e-mail addresses or long numbers never needs to pay.
 */
interface UnicodePatterns {
  /** What a number may not touch (see the module comment); tested at one position. */
  readonly glue: RegExp;
  readonly letterOrDigit: RegExp;
  /** Non-ASCII characters of an e-mail local part: Latin letters, accented ones included. */
  readonly localPartExtra: RegExp;
  readonly domain: RegExp;
}
let unicodePatterns: UnicodePatterns | undefined;
function unicode(): UnicodePatterns {
  return (unicodePatterns ??= {
    glue: /(?![\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}\p{scx=Bopo}])[\p{L}\p{N}\p{M}\p{Sc}+\-./_@#%&=*~\\]/uy,
    letterOrDigit: /[\p{L}\p{N}]/uy,
    localPartExtra: /[\p{scx=Latn}\p{M}]/uy,
    domain: /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}/uy,
  });
}

const IBAN_START = /[A-Z]{2}\d{2}/g;
const IBAN_COMPACT = /[A-Z]{2}\d{2}[A-Z0-9]{11,30}/y;
/** Groups of four after the first; up to one group more than the longest IBAN has, for the cut. */
const IBAN_GROUPED = new RegExp(
  `[A-Z]{2}\\d{2}(${SPACE}|-)[A-Z0-9]{4}(?:\\1[A-Z0-9]{4}){0,8}(?:\\1[A-Z0-9]{1,3})?`,
  'y',
);

/** IBAN length per country code, from the SWIFT IBAN registry (territories with their own code included). */
const IBAN_LENGTHS = new Map(
  (
    'AD24 AE23 AL28 AT20 AX18 AZ28 BA20 BE16 BG22 BH22 BI27 BL27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 ' +
    'DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GF27 GG22 GI23 GL18 GP27 GR27 GT28 ' +
    'HN28 HR21 HU28 IE22 IL23 IM22 IQ23 IS26 IT27 JE22 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 ' +
    'LY25 MC27 MD24 ME22 MF27 MK19 MN20 MQ27 MR27 MT31 MU30 NC27 NI28 NL18 NO15 OM23 PF27 PK24 PL28 ' +
    'PM27 PS29 PT25 QA29 RE27 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TF27 ' +
    'TL23 TN24 TR26 UA29 VA22 VG24 WF27 XK20 YE30 YT27'
  )
    .split(' ')
    .map((entry): [string, number] => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/** Masks every e-mail address, IBAN, card number, SSN and phone number in `text`. */
export function maskText(text: string): string {
  if (!MAY_HOLD_DATA.test(text)) return text;
  const masked = detect(text).filter(isMasked);
  return masked.length > 0 ? render(text, masked) : text;
}

/** Like {@link maskText}, and also tells where in the original text it masked what. */
export function maskSpans(text: string): { text: string; spans: MaskSpan[] } {
  const masked = MAY_HOLD_DATA.test(text) ? detect(text).filter(isMasked) : [];
  return {
    text: masked.length > 0 ? render(text, masked) : text,
    spans: masked.map(({ start, end, kind }) => ({ start, end, kind })),
  };
}

/** Every claim in `text`, sorted by position. */
function detect(text: string): Claim[] {
  const claims = text.includes('@') ? findEmails(text) : [];
  scanGaps(text, claims, findIbans);
  scanGaps(text, claims, findNumbers);
  return claims;
}

/** Runs `find` on each stretch of `text` no claim covers, and adds what it finds to `claims`. */
function scanGaps(text: string, claims: Claim[], find: Finder): void {
  const found: Claim[] = [];
  let from = 0;
  for (const claim of claims) {
    if (claim.start > from) find(text, from, claim.start, found);
    from = claim.end;
  }
  if (from < text.length) find(text, from, text.length, found);
  if (found.length === 0) return;
  claims.push(...found);
  claims.sort((a, b) => a.start - b.start);
}

function isMasked(claim: Claim): claim is MaskedClaim {
  return claim.replacement !== null;
}

function render(text: string, claims: readonly MaskedClaim[]): string {
  let out = '';
  let from = 0;
  for (const claim of claims) {
    out += text.slice(from, claim.start) + claim.replacement;
    from = claim.end;
  }
  return out + text.slice(from);
}

// ---------------------------------------------------------------------------------------------
// E-mail

function findEmails(text: string): Claim[] {
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

// ---------------------------------------------------------------------------------------------
// IBAN

function findIbans(text: string, from: number, to: number, out: Claim[]): void {
  const region = slice(text, from, to);
  IBAN_START.lastIndex = 0;
  for (let match = IBAN_START.exec(region); match !== null; match = IBAN_START.exec(region)) {
    const shape = gluedBefore(text, from + match.index) ? undefined : ibanShape(region, match.index);
    if (shape === undefined) continue;
    IBAN_START.lastIndex = match.index + shape.length; // the longest run: nothing inside starts another
    const claim = ibanClaim(text, from + match.index, shape);
    if (claim !== undefined) out.push(claim);
  }
}

function ibanClaim(text: string, start: number, shape: string): Claim | undefined {
  const end = start + shape.length;
  const iban = shape.replace(NOT_ALNUM, '');
  if (iban.length < 15 || iban.length > 34 || gluedAfter(text, end)) return undefined;
  const valid = iban.length === IBAN_LENGTHS.get(iban.slice(0, 2)) && mod97(iban) === 1;
  return { start, end, kind: 'iban', replacement: valid ? maskNumber(shape) : null };
}

/** The IBAN-shaped text at `index`, compact or grouped; a grouped one is cut to its country's length. */
function ibanShape(region: string, index: number): string | undefined {
  IBAN_COMPACT.lastIndex = index;
  const compact = IBAN_COMPACT.exec(region);
  if (compact !== null) return compact[0];
  IBAN_GROUPED.lastIndex = index;
  const grouped = IBAN_GROUPED.exec(region);
  return grouped === null ? undefined : cutToCountryLength(grouped[0]);
}

function cutToCountryLength(grouped: string): string {
  const length = IBAN_LENGTHS.get(grouped.slice(0, 2));
  let count = 0;
  for (let i = 0; i < grouped.length && length !== undefined; i++) {
    if (!isAsciiAlnum(grouped.charCodeAt(i))) continue;
    count++;
    if (count === length) {
      const atGroupEnd = i + 1 === grouped.length || !isAsciiAlnum(grouped.charCodeAt(i + 1));
      return atGroupEnd ? grouped.slice(0, i + 1) : grouped;
    }
  }
  return grouped;
}

/** ISO 7064 MOD 97-10 of an IBAN: 1 for a valid one. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    rest = c <= NINE ? (rest * 10 + c - ZERO) % 97 : (rest * 100 + c - 55) % 97;
  }
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Card, SSN and phone

function findNumbers(text: string, from: number, to: number, out: Claim[]): void {
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

// ---------------------------------------------------------------------------------------------
// Boundaries

/**
 * Narrows a run so it touches nothing: a glued space-separated group at either end is dropped.
 * Undefined when nothing is left.
 */
function trimGlued(text: string, start: number, end: number): Range | undefined {
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

function gluedBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const previous = text.charCodeAt(start - 1);
  if (previous === COLON) return start >= 2 && isDigit(text.charCodeAt(start - 2));
  const isLowSurrogate = previous >= 0xdc00 && previous <= 0xdfff;
  return testAt(unicode().glue, text, isLowSurrogate && start >= 2 ? start - 2 : start - 1);
}

function gluedAfter(text: string, end: number): boolean {
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

// ---------------------------------------------------------------------------------------------
// Helpers

/** The one output form of a number: spaces dropped, all but the last four letters or digits `*`. */
function maskNumber(value: string): string {
  const compact = value.replace(SPACES, '');
  let cut = compact.length;
  let kept = 0;
  while (cut > 0 && kept < 4) {
    cut--;
    if (isAsciiAlnum(compact.charCodeAt(cut))) kept++;
  }
  return '*'.repeat(cut) + compact.slice(cut).replace(NOT_ALNUM, '*');
}

function slice(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

function countDigits(text: string, range: Range): number {
  let count = 0;
  for (let i = range.start; i < range.end; i++) if (isDigit(text.charCodeAt(i))) count++;
  return count;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x2009 || c === 0x202f;
}
