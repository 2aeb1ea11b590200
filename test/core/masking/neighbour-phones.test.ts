/**
 * Property: two phone numbers side by side (international with `+`, national in groups, national
 * unbroken) show no more digits together than each shows alone, in either order (DESIGN §2.5:
 * neighbours must not hide a number).
 */
import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import { maskText } from '../../../src/core/masking.js';

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/** Digit groups of one to four digits, joined by single spaces. */
const groups = (count: { min: number; max: number }) =>
  fc.array(digits(1, 4), { minLength: count.min, maxLength: count.max }).map((g) => g.join(' '));

const international = fc
  .tuple(digits(1, 3), groups({ min: 2, max: 5 }))
  .map(([cc, rest]) => `+${cc} ${rest}`)
  .filter((p) => inRange(p, 8, 15));
const nationalGrouped = fc
  .tuple(fc.integer({ min: 1, max: 9 }), groups({ min: 2, max: 5 }))
  .map(([first, rest]) => `0${first} ${rest}`)
  .filter((p) => inRange(p, 9, 12));
const nationalUnbroken = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digits(8, 10))
  .map(([first, rest]) => `0${first}${rest}`);
const phone = fc.oneof(international, nationalGrouped, nationalUnbroken);

function inRange(p: string, min: number, max: number): boolean {
  const n = p.replace(/\D/g, '').length;
  return n >= min && n <= max;
}

/** The digits a text shows in clear. */
const shown = (text: string): number => text.replace(/\D/g, '').length;

describe('maskText: phones side by side', () => {
  it.prop([phone, phone], { numRuns: 2000 })(
    'show no more digits together than each alone, in either order',
    (a, b) => {
      const alone = shown(maskText(a)) + shown(maskText(b));
      expect(shown(maskText(`${a} ${b}`))).toBeLessThanOrEqual(alone);
      expect(shown(maskText(`${b} ${a}`))).toBeLessThanOrEqual(alone);
    },
  );
});
