/**
 * Payment cards (Luhn), US social security numbers and phone numbers in customer text: runs of digit
 * groups found with one grammar, then told apart by their shape. A run that fails every check as a
 * whole is split (DESIGN §2.5): the longest stretch of its space-separated groups from either end that
 * passes a check is taken, and what is left on each side is looked at again as a run of its own. Pure.
 */
import { PLUS, SPACE, ZERO, countDigits, isSpace, maskNumber, slice, type Claim, type Range } from './claims.js';
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
/** Digit groups joined by one kind of separator (a space, a dash or a dot): card and SSN shapes. */
const ONE_SEPARATOR = new RegExp(`^\\d+(?:(${SPACE}|[.-])\\d+(?:\\1\\d+)*)?$`);
const GROUP_SEPARATOR = new RegExp(`${SPACE}|[.-]`);
const DIGIT_GROUPS = /\d+/g;
const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DECIMAL = /^\d+\.\d+$/;
const VERSION = /^[1-9]\d?(?:\.\d+){2,}$/;
const NATIONAL_UNBROKEN = /^0[1-9]\d{8,10}$/;
const WHOLE = (value: string): Range => ({ start: 0, end: value.length });
/**
 * How many masked pieces on each side of groups left in clear are split again with them: enough for
 * two numbers side by side however the first split cut them; few, so a long run stays linear.
 */
const NEIGHBOURS = 2;
/** No card, SSN or phone has more digits, so a stretch with more passes no check. */
const MOST_DIGITS = 19;

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
      splitRun(text, groupsOf(text, run), out);
    }
  }
}

/** The space-separated groups of a run; the `+` of a leading `+ ` belongs to the group after it. */
function groupsOf(text: string, run: Range): Range[] {
  const groups: Range[] = [];
  let start = run.start;
  for (let i = run.start; i <= run.end; i++) {
    if (i < run.end && !isSpace(text.charCodeAt(i))) continue;
    if (i - start === 1 && text.charCodeAt(start) === PLUS) continue; // `+ 1 …`: one group
    groups.push({ start, end: i });
    start = i + 1;
  }
  return groups;
}

/**
 * Claims what `groups` (one run) hold: the whole run when it passes a check or is shaped like a card
 * or SSN; else the run is split (see {@link Run.split}). Where that split leaves groups in clear, the
 * groups around them are split again the way that shows the fewest digits (those in clear and the
 * last four each masked number keeps), when that shows fewer: the longest stretch from one end may
 * have taken a group the number beside it needed (`+44 20 7946 0958 020 7946 0958`), and a
 * neighbour must not hide a number.
 */
function splitRun(text: string, groups: readonly Range[], out: Claim[]): void {
  const run = new Run(text, groups);
  const whole = run.check(0, groups.length);
  if (whole !== undefined) {
    out.push(whole);
    return;
  }
  for (const piece of run.refine(run.split())) out.push(piece.claim);
}

interface Taken {
  readonly claim: Claim;
  readonly first: number;
  readonly count: number;
}

/** The groups of one run, with the digit counts that rule stretches out cheaply. */
class Run {
  /** `digitsBefore[i]`: how many digits groups `[0, i)` hold. */
  private readonly digitsBefore: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly groups: readonly Range[],
  ) {
    for (const group of groups) this.digitsBefore.push(this.digitsBefore.at(-1)! + countDigits(text, group));
  }

  /**
   * The split of §2.5: the longest passing stretch from either end, then what is left on each side as
   * a run of its own. When no stretch from either end matches, both end groups match nothing and the
   * groups between them are a run of their own. Stretches that cannot pass for their digit count are
   * skipped without a look, so a long run costs time in proportion to its length. In group order.
   */
  split(): Taken[] {
    const out: Taken[] = [];
    const pending: Array<[number, number]> = [[0, this.groups.length]];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const [first, end] = next;
      if (end <= first) continue;
      const whole = first === 0 && end === this.groups.length ? undefined : this.check(first, end - first);
      if (whole !== undefined) {
        out.push({ claim: whole, first, count: end - first });
        continue;
      }
      const taken = end - first > 1 ? this.longestFromAnEnd(first, end) : undefined;
      if (taken !== undefined) {
        out.push(taken);
        pending.push([first, taken.first], [taken.first + taken.count, end]);
      } else if (end - first > 2) {
        pending.push([first + 1, end - 1]);
      }
    }
    return out.sort((x, y) => x.first - y.first);
  }

  /**
   * `pieces` (a split, in group order) with each stretch of groups left in clear looked at again
   * together with the masked pieces on either side of it: when another split of those groups shows
   * fewer digits, it replaces theirs.
   */
  refine(pieces: readonly Taken[]): Taken[] {
    const windows = this.windowsAroundClear(pieces);
    if (windows.length === 0) return [...pieces];
    const out: Taken[] = [];
    let p = 0;
    for (const [from, to] of windows) {
      for (; p < pieces.length && pieces[p]!.first < from; p++) out.push(pieces[p]!);
      const kept: Taken[] = [];
      for (; p < pieces.length && pieces[p]!.first < to; p++) kept.push(pieces[p]!);
      const other = this.fewestShown(from, to);
      out.push(...(this.shown(other, from, to) < this.shown(kept, from, to) ? other : kept));
    }
    for (; p < pieces.length; p++) out.push(pieces[p]!);
    return out;
  }

  /**
   * Each stretch of groups no masked piece covers, widened to the {@link NEIGHBOURS} masked pieces
   * before and after it (a number taken first may have split the one beside it); windows that
   * overlap are one.
   */
  private windowsAroundClear(pieces: readonly Taken[]): Array<[number, number]> {
    const masked = pieces.filter((p) => p.claim.replacement !== null);
    const windows: Array<[number, number]> = [];
    let at = 0;
    for (let k = 0; k <= masked.length; k++) {
      const next = masked[k];
      const clearEnd = next ? next.first : this.groups.length;
      if (clearEnd > at) {
        const before = masked[Math.max(0, k - NEIGHBOURS)];
        const after = masked[Math.min(masked.length, k + NEIGHBOURS) - 1];
        const from = k > 0 ? before!.first : at;
        const to = next ? after!.first + after!.count : clearEnd;
        const last = windows.at(-1);
        if (last !== undefined && from < last[1]) last[1] = Math.max(last[1], to);
        else windows.push([from, to]);
      }
      if (next) at = next.first + next.count;
    }
    return windows;
  }

  /**
   * The stretches of groups `[from, to)` (never the whole run) that show the fewest digits: each
   * group is either in clear or part of a stretch that passes a check, whose masked form shows its
   * last four digits.
   */
  private fewestShown(from: number, to: number): Taken[] {
    /** `best[i - from]`: the fewest digits shown of groups `[from, i)`, and the last step to it. */
    const best: Array<{ shown: number; piece: Taken | undefined }> = [{ shown: 0, piece: undefined }];
    for (let end = from + 1; end <= to; end++) {
      let step = {
        shown: best[end - 1 - from]!.shown + this.digits(end - 1, 1),
        piece: undefined as Taken | undefined,
      };
      for (let first = end - 1; first >= from && this.digits(first, end - first) <= MOST_DIGITS; first--) {
        if (first === 0 && end === this.groups.length) break;
        const claim = this.check(first, end - first);
        if (claim?.replacement == null) continue;
        const shown = best[first - from]!.shown + countDigits(claim.replacement, WHOLE(claim.replacement));
        if (shown < step.shown) step = { shown, piece: { claim, first, count: end - first } };
      }
      best.push(step);
    }
    const pieces: Taken[] = [];
    for (let end = to; end > from;) {
      const piece = best[end - from]!.piece;
      if (piece === undefined) end--;
      else {
        pieces.push(piece);
        end = piece.first;
      }
    }
    return pieces.reverse();
  }

  /** How many digits of groups `[from, to)` show once `pieces` are masked (a piece left as typed masks none). */
  private shown(pieces: readonly Taken[], from: number, to: number): number {
    let shown = this.digits(from, to - from);
    for (const { claim, first, count } of pieces) {
      if (claim.replacement !== null)
        shown += countDigits(claim.replacement, WHOLE(claim.replacement)) - this.digits(first, count);
    }
    return shown;
  }

  private digits(first: number, count: number): number {
    return this.digitsBefore[first + count]! - this.digitsBefore[first]!;
  }

  /**
   * The longest stretch of groups `[first, end)` that starts at `first` or ends at `end` and passes a
   * check, trying the checks in order: the longest card, else the longest SSN, else the longest phone
   * (the first end before the last when both are as long). When none passes, the longest card- or
   * SSN-shaped stretch that fails its check, taken as typed.
   */
  longestFromAnEnd(first: number, end: number): Taken | undefined {
    const candidates: Taken[] = [];
    for (let count = Math.min(end - first - 1, MOST_DIGITS); count >= 1; count--) {
      for (const at of [first, end - count]) {
        const claim = this.check(at, count);
        if (claim !== undefined) candidates.push({ claim, first: at, count });
      }
    }
    for (const kind of ['card', 'ssn', 'phone']) {
      const found = candidates.find((c) => c.claim.kind === kind && c.claim.replacement !== null);
      if (found !== undefined) return found;
    }
    return candidates[0];
  }

  /** What `count` groups from `first` are as a whole (see {@link check}); undefined at once when their digits rule everything out. */
  check(first: number, count: number): Claim | undefined {
    const start = this.groups[first]!.start;
    const digits = this.digitsBefore[first + count]! - this.digitsBefore[first]!;
    const plus = startsWithPlus(this.text, start);
    if (digits < (plus ? 8 : 9) || digits > (plus ? 15 : MOST_DIGITS)) return undefined;
    // More than twelve digits and no `+`: only a card, which has at most five groups.
    if (!plus && digits > 12 && count > 5) return undefined;
    return check(this.text, { start, end: this.groups[first + count - 1]!.end });
  }
}

/**
 * What a stretch is as a whole: a card or SSN (masked when it passes its check, as typed when it
 * does not), a phone, or nothing.
 */
function check(text: string, range: Range): Claim | undefined {
  const value = text.slice(range.start, range.end);
  if (ONE_SEPARATOR.test(value)) {
    const groups = value.split(GROUP_SEPARATOR);
    const shape = groups.map((group) => group.length);
    if (isCardShape(shape)) {
      return { ...range, kind: 'card', replacement: luhn(groups.join('')) ? maskNumber(value) : null };
    }
    if (shape.join('-') === '3-2-4' && !value.includes('.')) {
      return { ...range, kind: 'ssn', replacement: isValidSsn(value) ? maskNumber(value) : null };
    }
  }
  return isPhone(value) ? { ...range, kind: 'phone', replacement: maskNumber(value) } : undefined;
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

function isPhone(value: string): boolean {
  // A group in parentheses (an area code) is followed by the rest of its number.
  if (value.endsWith(')')) return false;
  if (isIpv4(value) || DECIMAL.test(value) || VERSION.test(value)) return false;
  const digits = countDigits(value, { start: 0, end: value.length });
  if (startsWithPlus(value, 0)) return digits >= 8 && digits <= 15;
  const groups = value.match(DIGIT_GROUPS)?.length ?? 0;
  if (groups >= 2) return digits >= 9 && digits <= 12;
  return NATIONAL_UNBROKEN.test(value);
}

/** A dotted quad whose four parts are each 0–255. */
function isIpv4(value: string): boolean {
  const parts = DOTTED_QUAD.exec(value);
  return parts !== null && parts.slice(1).every((part) => Number(part) <= 255);
}

function startsWithPlus(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  return c === PLUS || (c === 0x28 && text.charCodeAt(start + 1) === PLUS);
}
