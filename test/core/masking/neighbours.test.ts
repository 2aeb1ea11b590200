/**
 * Numbers side by side (DESIGN §2.5, revised): a neighbour never hides a number, and the result does
 * not depend on the order of the numbers in a line. Also the shapes the revision added: cards grouped
 * with dots, IBANs in lower case, and dotted quads that are not IPv4 addresses.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/core/masking.js';
import { describeCases, s, type Case } from './mask-cases.js';

const neighbours: Case[] = [
  ['0612345678 123-45-6789', s(6) + '5678 ' + s(7) + '6789'],
  ['123-45-6789 0612345678', s(7) + '6789 ' + s(6) + '5678'],
  ['4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881', s(12) + '1881 ' + s(15) + '1881 ' + s(12) + '1881'],
  ['4111 1111 1111 1111 1225', s(12) + '1111 1225'],
  ['item 2 4111111111111111', 'item 2 ' + s(12) + '1111'],
  ['0612345678 4111 1111 1111 1111', s(6) + '5678 ' + s(12) + '1111'],
  ['4111 1111 1111 1111 0612345678', s(12) + '1111 ' + s(6) + '5678'],
  ['+44 20 7946 0958 4111111111111111', s(9) + '0958 ' + s(12) + '1111'],
  ['4111111111111111 +44 20 7946 0958', s(12) + '1111 ' + s(9) + '0958'],
  ['(555) 123-4567 4111111111111111', s(9) + '4567 ' + s(12) + '1111'],
  // beside a neighbour, a card that fails its check is not one: the longest phone in the run is masked
  ['0612345678 4111 1111 1111 1112', s(6) + '5678 4111 ' + s(8) + '1112'],
  ['4111 1111 1111 1112 0612345678', s(8) + '1111 1112 ' + s(6) + '5678'],
  // groups that match nothing at both ends stay as typed; the number between them is masked
  ['1 2 4111111111111111 3 4', '1 2 ' + s(12) + '1111 3 4'],
  // the longest stretch from one end would take a group the number beside it needs
  ['+44 20 7946 0958 020 7946 0958', s(9) + '0958 ' + s(7) + '0958'],
  ['020 7946 0958 +44 20 7946 0958', s(7) + '0958 ' + s(9) + '0958'],
  ['+33 6 12 34 56 78 06 12 34 56 78', s(8) + '5678 ' + s(6) + '5678'],
  ['06 12 34 56 78 06 12 34 56 78', s(6) + '5678 ' + s(6) + '5678'],
  ['call +1 555 123 4567 or 555 123 4567', 'call ' + s(8) + '4567 or ' + s(6) + '4567'],
  ['+1 555 123 4567 555 123 4567', s(8) + '4567 ' + s(6) + '4567'],
];

const shapes: Case[] = [
  ['4111.1111.1111.1111', s(15) + '1111'],
  ['card 4012.8888.8888.1881 ok', 'card ' + s(15) + '1881 ok'],
  ['4111.1111.1111.1112'], // fails Luhn: as typed
  ['de89 3704 0044 0532 0130 00', s(18) + '3000'],
  ['de89370400440532013000', s(18) + '3000'],
  ['IBAN gb29 nwbk 6016 1331 9268 19.', 'IBAN ' + s(18) + '6819.'],
  ['De89 3704 0044 0532 0130 00', s(18) + '3000'],
  ['532.123.45.67', s(8) + '45*67'],
  ['256.1.1.1'], // 7 digits: too few for a phone
  ['192.168.100.200'],
  ['255.255.255.255'],
];

describeCases('numbers side by side', neighbours);
describeCases('dotted cards, lower-case IBANs, dotted quads', shapes);

/** Numbers as customers type them, each masked on its own. */
const samples = [
  '4111111111111111',
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '4111.1111.1111.1111',
  '5555 5555 5555 4444',
  '378282246310005',
  '3782 822463 10005',
  '6205 5000 0000 0000 004',
  '123-45-6789',
  '078-05-1120',
  '0612345678',
  '+447966197542',
  '+33 6 12 34 56 78',
  '+1 (555) 123-4567',
  '(555) 123-4567',
  '555-123-4567',
  '+44 20 7946 0958',
  '020 7946 0958',
  '06 12 34 56 78',
  '555 123 4567',
  '07911 123456',
  '06-12345678',
  '03-1234-5678',
];

/** The digits a text shows in clear. */
const clearDigits = (text: string): number => text.replace(/\D/g, '').length;

describe('maskText: every pair of numbers side by side', () => {
  for (const sample of samples) {
    it(`masks ${JSON.stringify(sample)} on its own`, () => {
      expect(clearDigits(maskText(sample))).toBe(4);
    });
  }

  const pairs = samples.flatMap((a) => samples.map((b) => [a, b] as const));
  it(`shows no more digits for any of the ${pairs.length} pairs than for each number alone, in either order`, () => {
    const leaks: string[] = [];
    for (const [a, b] of pairs) {
      for (const separator of [' ', ', ', ' and ']) {
        const line = `${a}${separator}${b}`;
        const masked = maskText(line);
        if (clearDigits(masked) > 8 + clearDigits(separator)) leaks.push(`${line} → ${masked}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('keeps each number masked with a list counter before it or an expiry after it', () => {
    for (const sample of samples) {
      expect(clearDigits(maskText(`item 2 ${sample}`))).toBeLessThanOrEqual(5);
      expect(clearDigits(maskText(`${sample} 1225`))).toBeLessThanOrEqual(8);
    }
  });
});
