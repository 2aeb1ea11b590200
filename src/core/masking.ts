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
 * - A run that fails every check as a whole is split (§2.5): the longest stretch of its space-separated
 *   groups from either end that passes a check is taken (a card before an SSN before a phone when two
 *   are as long; a card- or SSN-shaped stretch that fails its check is taken as typed when nothing as
 *   long passes), and the groups on each side are a run of their own; when nothing from either end
 *   matches, both end groups stay as typed and the groups between them are a run. So
 *   `0612345678 123-45-6789` is a phone and an SSN in either order. Where that split leaves groups
 *   in clear, those groups and the two masked numbers on each side of them are split again the way that
 *   shows the fewest digits (in clear, plus the last four of each masked number), when that shows
 *   fewer: in `+44 20 7946 0958 020 7946 0958` the longest phone from the start would take the `020`
 *   the second number needs, so both numbers are masked, as in the other order. Card groups are joined by one kind
 *   of separator (space, dash or dot); `4-4-4-4…` are groups of four with a last group of one to four
 *   digits (4-4-4-1 up to 4-4-4-4-3).
 * - A phone group in parentheses may be followed directly by digits (`(0)20`, `(555)123-4567`), and
 *   `(+44)` counts as a leading `+`. Parentheses around a whole number are brackets, not a group.
 * - Never a phone: a dotted quad whose parts are each 0–255 (an IPv4 address), two groups joined by one `.` (an amount such as
 *   `1234567.89`) and a dotted run of three or more groups whose first group is 1–99 without a
 *   leading zero (a version such as `6.1.7601.24545`).
 * - A preceding `:` is a boundary even in a URI, so `tel:+33612345678` keeps `tel:` and masks the
 *   number.
 * - IBAN: letters in either case (`de89 3704 …` as typed in a chat); grouped by single spaces or by
 *   single dashes, one kind per number. A grouped IBAN followed by one more group (a BIC,
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

import type { Claim, Finder, MaskedClaim, MaskSpan } from './masking/claims.js';
import { findEmails } from './masking/emails.js';
import { findIbans } from './masking/ibans.js';
import { findNumbers } from './masking/numbers.js';

export type { MaskKind, MaskSpan } from './masking/claims.js';

/** Text without an ASCII digit or `@` holds nothing to mask. */
const MAY_HOLD_DATA = /[0-9@]/;

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
