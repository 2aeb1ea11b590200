/** Shared by the masking tests: expected values written with `s(n)` stars, and one test per case. */
import { describe, expect, it } from 'vitest';
import { maskSpans, maskText } from '../../../src/core/masking.js';

/** `n` stars: keeps the expected values readable. */
export const s = (n: number): string => '*'.repeat(n);

/** [input, expected output]; an input listed alone must come out unchanged. */
export type Case = readonly [string, string] | readonly [string];

/** One test per case, through both maskText and maskSpans. */
export function describeCases(name: string, cases: readonly Case[]): void {
  describe(`maskText: ${name}`, () => {
    it.each(cases.map((c) => [c[0], c[1] ?? c[0]]))('%j → %j', (input, expected) => {
      expect(maskText(input)).toBe(expected);
      expect(maskSpans(input).text).toBe(expected);
    });
  });
}
