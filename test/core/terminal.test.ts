import { describe, expect, it } from 'vitest';
import { inertOutput, sanitizeLine, sanitizeTerminal } from '../../src/core/terminal.js';

const ESC = '\x1b';
const ST = `${ESC}\\`;

describe('sanitizeTerminal', () => {
  it.each([
    ['CSI colours', `${ESC}[31mred${ESC}[0m`, 'red'],
    ['CSI with private parameters', `${ESC}[?25lhidden cursor${ESC}[?25h`, 'hidden cursor'],
    ['CSI clear screen and home', `${ESC}[2J${ESC}[Hafter`, 'after'],
    ['CSI with intermediate byte', `${ESC}[0 qx`, 'x'],
    ['8-bit CSI', '\x9b31mred\x9b0m', 'red'],
    ['unfinished CSI at the end', `ok${ESC}[31`, 'ok'],
    ['OSC title ended by BEL', `${ESC}]0;evil title\x07text`, 'text'],
    ['OSC hyperlink ended by ST', `${ESC}]8;;http://evil.example${ST}click${ESC}]8;;${ST}`, 'click'],
    ['OSC 52 clipboard write', `${ESC}]52;c;ZXZpbA==\x07`, ''],
    ['8-bit OSC ended by 8-bit ST', '\x9d0;title\x9cafter', 'after'],
    ['OSC without terminator', `ok${ESC}]0;never ends`, 'ok'],
    ['OSC cut short by a new sequence', `${ESC}]0;t${ESC}[31mred`, 'red'],
    ['DCS (sixel)', `${ESC}Pq#0;2;0;0;0${ST}after`, 'after'],
    ['8-bit DCS', '\x90payload\x9cafter', 'after'],
    ['DCS without terminator', 'ok\x90never ends', 'ok'],
    ['DCS is not ended by BEL', `${ESC}Pdata\x07more${ST}after`, 'after'],
    ['SOS', `${ESC}Xstring${ST}a`, 'a'],
    ['PM', `${ESC}^private${ST}b`, 'b'],
    ['APC', `${ESC}_application${ST}c`, 'c'],
    ['8-bit SOS, PM and APC', '\x98s\x9ca\x9ep\x9cb\x9fa\x9cc', 'abc'],
    ['reset (RIS)', `${ESC}cafter`, 'after'],
    ['save and restore cursor', `${ESC}7x${ESC}8`, 'x'],
    ['charset designation', `${ESC}(Bx`, 'x'],
    ['screen alignment test', `${ESC}#8x`, 'x'],
    ['lone ESC at the end', `abc${ESC}`, 'abc'],
    ['C0 controls', 'a\x00b\x07c\x08d\re\x0bf\x0cg\x1ch', 'abcdefgh'],
    ['carriage return of CR LF', 'line\r\nnext', 'line\nnext'],
    ['DEL', 'a\x7fb', 'ab'],
    ['C1 controls', 'a\x80b\x85c\x8dd\x9ce', 'abcde'],
  ])('strips %s', (_name, input, expected) => {
    expect(sanitizeTerminal(input)).toBe(expected);
  });

  it('keeps newlines, tabs and any printable Unicode', () => {
    const input = 'a\tb\nc é 中文 😀 ½ €';
    expect(sanitizeTerminal(input)).toBe(input);
  });

  it('keeps what follows an interrupted CSI', () => {
    expect(sanitizeTerminal(`${ESC}[31éx`)).toBe('éx');
  });

  it('returns the same string when there is nothing to strip', () => {
    const input = 'plain text';
    expect(sanitizeTerminal(input)).toBe(input);
  });
});

describe('sanitizeLine', () => {
  it('turns newlines and tabs into spaces', () => {
    expect(sanitizeLine('a\nb\tc')).toBe('a b c');
  });

  it('also strips escape sequences and controls', () => {
    expect(sanitizeLine(`${ESC}[1mbold${ESC}[0m\r\nnext`)).toBe('bold next');
  });
});

describe('bidirectional controls', () => {
  it('drops overrides and isolates that could reorder what is shown', () => {
    expect(sanitizeTerminal('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeTerminal('a\u2066b\u2069c\u202Ad\u202Ce')).toBe('abcde');
  });
});

describe('inertOutput', () => {
  it('keeps colour sequences and a leading carriage return, and strips everything else', () => {
    expect(inertOutput(`${ESC}[1m#12${ESC}[22m Acme${ESC}]52;c;ZXZpbA==\x07 ${ESC}[2Jx\u202e\n`)).toBe(
      `${ESC}[1m#12${ESC}[22m Acme x\n`,
    );
    expect(inertOutput('\ruploading 50%')).toBe('\ruploading 50%');
    expect(inertOutput('a\rb\u009b31mc')).toBe('abc');
  });

  it('returns text with nothing to strip as it is', () => {
    const text = `plain ${ESC}[32m✓${ESC}[39m done\n`;
    expect(inertOutput(text)).toBe(text);
  });
});

describe('bidirectional marks', () => {
  it('drops the left-to-right, right-to-left and Arabic letter marks', () => {
    expect(sanitizeTerminal('a\u200eb\u200fc\u061cd')).toBe('abcd');
  });
});
