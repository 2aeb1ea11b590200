/**
 * IBANs in customer text, in either case, compact or grouped by spaces or dashes: masked when their country's length
 * and the MOD 97-10 check agree, else claimed and left as typed. Pure.
 */
import { NINE, NOT_ALNUM, SPACE, ZERO, isAsciiAlnum, maskNumber, slice, type Claim } from './claims.js';
import { gluedAfter, gluedBefore } from './boundaries.js';

const IBAN_START = /[A-Za-z]{2}\d{2}/g;
const IBAN_COMPACT = /[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}/y;
/** Groups of four after the first; up to one group more than the longest IBAN has, for the cut. */
const IBAN_GROUPED = new RegExp(
  `[A-Za-z]{2}\\d{2}(${SPACE}|-)[A-Za-z0-9]{4}(?:\\1[A-Za-z0-9]{4}){0,8}(?:\\1[A-Za-z0-9]{1,3})?`,
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

export function findIbans(text: string, from: number, to: number, out: Claim[]): void {
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
  const iban = shape.replace(NOT_ALNUM, '').toUpperCase();
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
  const length = IBAN_LENGTHS.get(grouped.slice(0, 2).toUpperCase());
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
