/** Masking whole messages: several kinds in one text, the spans it reports, and hostile input. */
import { describe, expect, it } from 'vitest';
import { maskSpans, maskText, type MaskKind } from '../../../src/core/masking.js';
import { s } from './mask-cases.js';

describe('maskText in longer text', () => {
  it('masks every kind in one message', () => {
    const input =
      'Hi, I am melissa@gmail.com (+33 6 12 34 56 78). Card 4111 1111 1111 1111, ' +
      'IBAN DE89 3704 0044 0532 0130 00, SSN 078-05-1120. Ticket #12345 on 2024-01-15 at 10:30, $1,234.56.';
    expect(maskText(input)).toBe(
      'Hi, I am m******@gmail.com (' +
        s(8) +
        '5678). Card ' +
        s(12) +
        '1111, IBAN ' +
        s(18) +
        '3000, SSN ' +
        s(7) +
        '1120. Ticket #12345 on 2024-01-15 at 10:30, $1,234.56.',
    );
  });

  it('masks each line of a multi-line text on its own', () => {
    expect(maskText('0612345678\n0698765432\n')).toBe(`${s(6)}5678\n${s(6)}5432\n`);
  });

  it('returns the very same string when there is nothing to mask', () => {
    const input = 'no digits, no at sign';
    expect(maskText(input)).toBe(input);
  });
});

describe('maskSpans', () => {
  const span = (input: string, found: string, kind: MaskKind) => {
    const start = input.indexOf(found);
    return { start, end: start + found.length, kind };
  };

  it('reports the offsets of each masked item in the original text', () => {
    const input = 'Call +33 6 12 34 56 78 now';
    expect(maskSpans(input)).toEqual({
      text: `Call ${s(8)}5678 now`,
      spans: [{ start: 5, end: 22, kind: 'phone' }],
    });
  });

  it('lists the spans of several kinds in order of position', () => {
    const input = 'SSN 078-05-1120, melissa@gmail.com, 4111 1111 1111 1111, BE68 5390 0754 7034, 0612345678';
    expect(maskSpans(input).spans).toEqual([
      span(input, '078-05-1120', 'ssn'),
      span(input, 'melissa@gmail.com', 'email'),
      span(input, '4111 1111 1111 1111', 'card'),
      span(input, 'BE68 5390 0754 7034', 'iban'),
      span(input, '0612345678', 'phone'),
    ]);
  });

  it('counts offsets in UTF-16 code units', () => {
    const input = '😀 電話 0612345678';
    expect(maskSpans(input).spans).toEqual([{ start: 6, end: 16, kind: 'phone' }]);
  });

  it('has no span for a number left as typed or a one-character e-mail', () => {
    expect(maskSpans('4111 1111 1111 1112, 666-12-3456, x@example.com')).toEqual({
      text: '4111 1111 1111 1112, 666-12-3456, x@example.com',
      spans: [],
    });
  });

  it('has no span when there is nothing to mask', () => {
    expect(maskSpans('plain text')).toEqual({ text: 'plain text', spans: [] });
  });
});

describe('maskText on hostile input', () => {
  it('stays linear on long runs of groups, at signs and domain labels', () => {
    const rest = [
      '@a'.repeat(100_000),
      'AB12 '.repeat(50_000),
      'a@' + 'b.'.repeat(50_000) + '1',
      'x'.repeat(100_000) + '@',
    ].join(' ');
    const input = '1 '.repeat(200_000) + ' ' + rest;
    // Processor time, not wall time: the bound holds on a busy machine too.
    const started = process.cpuUsage().user / 1000;
    // Too many digits as a whole, the run of groups is split (§2.5): twelve groups are a phone each,
    // and the last twenty groups two phones, so no digit is left in clear.
    expect(maskText(input)).toBe((s(8) + '1111 ').repeat(16_665) + s(7) + '1111 ' + s(5) + '1111 ' + ' ' + rest);
    expect(process.cpuUsage().user / 1000 - started).toBeLessThan(5000); // a quadratic scan would take minutes
  });
});
