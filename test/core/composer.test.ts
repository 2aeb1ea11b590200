import { describe, expect, it } from 'vitest';
import { checkComposer, composerLength, COMPOSER_MAX, TRANSFER_NOTE_MAX } from '../../src/core/composer.js';

describe('composer limits', () => {
  it('are 1000 characters for a message and 345 for a transfer note', () => {
    expect(COMPOSER_MAX).toBe(1000);
    expect(TRANSFER_NOTE_MAX).toBe(345);
  });
});

describe('composerLength', () => {
  it.each([
    ['hello', 5],
    ['', 0],
    ['中文', 2],
    ['é', 1],
    ['e\u0301', 1],
    ['a\u0300\u0301\u0302', 1],
    ['👍', 1],
    ['👍🏽', 1],
    ['👨‍👩‍👧', 1],
    ['🇫🇷', 1],
    ['\r\n', 1],
    ['a\r\nb', 3],
    ['ok 👍🏽!', 5],
  ])('%j counts %i', (text, length) => {
    expect(composerLength(text)).toBe(length);
  });
});

describe('checkComposer', () => {
  it('accepts an ordinary message', () => {
    expect(checkComposer('Hi, can you restart the printer?')).toEqual({ ok: true });
  });

  it.each(['', '   ', ' \n\t ', '\u00a0', '\u200b', '\ufeff'])('refuses the blank message %j', (text) => {
    expect(checkComposer(text)).toMatchObject({ ok: false, code: 'empty' });
  });

  it('accepts exactly 1000 characters and refuses 1001, naming the limit and the length', () => {
    expect(checkComposer('a'.repeat(1000))).toEqual({ ok: true });
    const check = checkComposer('a'.repeat(1001));
    expect(check).toMatchObject({ ok: false, code: 'too_long' });
    expect(check.ok ? '' : check.reason).toContain('1001');
    expect(check.ok ? '' : check.reason).toContain('1000');
  });

  it('counts an emoji or a letter with combining marks as one character', () => {
    expect(checkComposer('👍🏽'.repeat(1000))).toEqual({ ok: true });
    expect(checkComposer('e\u0301'.repeat(1000))).toEqual({ ok: true });
    expect(checkComposer('👨‍👩‍👧'.repeat(1000))).toEqual({ ok: true });
    expect(checkComposer('👍🏽'.repeat(1001))).toMatchObject({ ok: false, code: 'too_long' });
  });

  it.each(['<b>bold</b>', 'a > b', 'Dear <name>', '<'])('refuses %j: < and > are reserved', (text) => {
    const check = checkComposer(text);
    expect(check).toMatchObject({ ok: false, code: 'reserved_char' });
    expect(check.ok ? '' : check.reason).toMatch(/template parameters/);
  });

  it('accepts other brackets and symbols', () => {
    expect(checkComposer('Use (this) [or] {that} & 5 ≤ 6 « ok »')).toEqual({ ok: true });
  });

  it('reports a too long message before a reserved character', () => {
    expect(checkComposer('<'.repeat(1001))).toMatchObject({ ok: false, code: 'too_long' });
  });
});
