/** Terminal columns of customer text: accents, CJK, emoji sequences and escape sequences. */
import { describe, expect, it } from 'vitest';
import { displayWidth, truncateToWidth } from '../../src/core/display-width.js';

const ESC = '\x1b';
const FAMILY = '👨\u200d👩\u200d👧\u200d👦';

describe('displayWidth', () => {
  it.each([
    ['empty text', '', 0],
    ['ASCII', 'Printer on floor 3', 18],
    ['a precomposed accent', 'é', 1],
    ['a combining accent', 'e\u0301', 1],
    ['accented words', 'Ångström naïve café', 19],
    ['accented words, decomposed', 'A\u030angstro\u0308m', 8],
    ['Vietnamese with stacked marks', 'Việt', 4],
    ['Chinese', '打印机坏了', 10],
    ['Japanese kana and kanji', 'プリンター故障', 14],
    ['Korean syllables', '프린터', 6],
    ['Korean jamo forming one syllable', '\u1112\u1161\u11ab', 2],
    ['fullwidth Latin', 'ＡＢＣ', 6],
    ['halfwidth katakana with a sound mark', 'ｶﾞ', 2],
    ['CJK mixed with ASCII', 'Ticket 日本 ok', 14],
    ['an emoji', '👍', 2],
    ['an emoji with a skin tone', '👍🏽', 2],
    ['a family emoji', FAMILY, 2],
    ['a flag', '🇩🇪', 2],
    ['a text symbol made emoji by VS16', '❤\ufe0f', 2],
    ['a keycap', '1\ufe0f\u20e3', 2],
    ['text around a family', `a${FAMILY}b`, 4],
    ['a zero-width space', 'a\u200bb', 2],
    ['a soft hyphen', 'co\u00adop', 4],
    ['colours', `${ESC}[31mred${ESC}[0m`, 3],
    ['bold CJK', `${ESC}[1m日本${ESC}[22m`, 4],
    ['a 256-colour sequence', `${ESC}[38;5;208morange${ESC}[39m`, 6],
    ['a hyperlink', `${ESC}]8;;https://example.com\x07link${ESC}]8;;\x07`, 4],
  ])('counts %s', (_what, text, columns) => {
    expect(displayWidth(text)).toBe(columns);
  });

  it('is the sum of its characters', () => {
    const text = `Café ${FAMILY} 日本語 e\u0301 🇩🇪!`;
    const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
    expect(graphemes.reduce((sum, g) => sum + displayWidth(g.segment), 0)).toBe(displayWidth(text));
  });
});

describe('truncateToWidth', () => {
  it.each([
    ['text that fits', 'hello', 5, 'hello'],
    ['ASCII', 'hello world', 6, 'hello…'],
    ['to one column', 'hello', 1, '…'],
    ['to no columns', 'hello', 0, ''],
    ['to fewer than none', 'hello', -3, ''],
    ['CJK', '打印机坏了', 7, '打印机…'],
    ['CJK where a wide character would overflow', '打印机坏了', 6, '打印…'],
    ['before a family emoji it cannot hold', `ab${FAMILY}cd`, 4, 'ab…'],
    ['after a whole family emoji', `ab${FAMILY}cd`, 5, `ab${FAMILY}…`],
    ['keeping a combining accent with its letter', 'cafe\u0301 au lait', 5, 'cafe\u0301…'],
    ['a flag whole or not at all', '🇩🇪🇫🇷🇮🇹', 5, '🇩🇪🇫🇷…'],
  ])('cuts %s', (_what, text, max, cut) => {
    expect(truncateToWidth(text, max)).toBe(cut);
    expect(displayWidth(truncateToWidth(text, max))).toBeLessThanOrEqual(Math.max(0, max));
  });

  it('lines cells of accented, CJK and emoji text up in one column', () => {
    const cells = [
      'Café crème',
      'e\u0301le\u0300ve',
      '打印机坏了请帮忙',
      `Family ${FAMILY} photo`,
      '👍🏽 thanks',
      'plain',
    ];
    const cut = cells.map((c) => truncateToWidth(c, 10));
    const width = Math.max(...cut.map(displayWidth));
    const padded = cut.map((c) => c + ' '.repeat(width - displayWidth(c)));
    expect(padded.map(displayWidth)).toEqual(cells.map(() => 10));
  });
});
