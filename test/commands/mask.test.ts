import { PassThrough, Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { MAX_PENDING, register } from '../../src/commands/mask.js';
import type { Context, OutStream } from '../../src/commands/context.js';
import { maskText } from '../../src/core/masking.js';

const stars = (n: number): string => '*'.repeat(n);

/** Runs `desk mask` on the given input chunks; returns what it wrote and the context's exit code. */
async function runMask(
  chunks: readonly (string | Buffer)[],
  stdout: OutStream = new PassThrough(),
): Promise<{ output: Buffer; exitCode: number }> {
  const stdin = new PassThrough();
  const received: Buffer[] = [];
  if (stdout instanceof PassThrough) stdout.on('data', (chunk: Buffer) => received.push(chunk));
  const ctx: Context = { stdin, stdout, stderr: new PassThrough(), env: {}, now: () => new Date(0), exitCode: 0 };
  const program = new Command();
  register(program, ctx);
  const done = program.parseAsync(['mask'], { from: 'user' });
  for (const chunk of chunks) stdin.write(chunk);
  stdin.end();
  await done;
  return { output: Buffer.concat(received), exitCode: ctx.exitCode };
}

/** A slow reader: it takes each chunk on the next turn and asks for a pause after 16 bytes. */
function slowReader(received: Buffer[]): Writable {
  return new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      setImmediate(callback);
    },
  });
}

describe('desk mask', () => {
  it('masks standard input line by line and exits 0', async () => {
    const { output, exitCode } = await runMask([
      'hello\ncall 0612345678\nmail melissa@gmail.com\ncard 4111 1111 1111 1111\n',
    ]);
    expect(output.toString()).toBe(`hello\ncall ${stars(6)}5678\nmail m******@gmail.com\ncard ${stars(12)}1111\n`);
    expect(exitCode).toBe(0);
  });

  it('masks a last line without a newline', async () => {
    const { output } = await runMask(['a\n0612345678']);
    expect(output.toString()).toBe(`a\n${stars(6)}5678`);
  });

  it('writes nothing for empty input', async () => {
    const { output } = await runMask([]);
    expect(output.length).toBe(0);
  });

  it('joins lines and characters split across chunks', async () => {
    const input = Buffer.from('电话 +33 6 12 34 56 78 ok\nIBAN DE89 3704 0044 0532 0130 00\n');
    const bytes = [...input].map((byte) => Buffer.from([byte]));
    const { output } = await runMask(bytes);
    expect(output.toString()).toBe(`电话 ${stars(8)}5678 ok\nIBAN ${stars(18)}3000\n`);
  });

  it('keeps every other byte as it was: CR LF, escape sequences, invalid UTF-8', async () => {
    const latin1Line = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20]); // "Café " in Latin-1
    const input = Buffer.concat([
      Buffer.from('r\u00e9sum\u00e9 \x1b[31mred\x1b[0m\r\n'),
      latin1Line,
      Buffer.from('0612345678\r\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
    ]);
    const expected = Buffer.concat([
      Buffer.from('r\u00e9sum\u00e9 \x1b[31mred\x1b[0m\r\n'),
      latin1Line,
      Buffer.from(`${stars(6)}5678\r\n`),
      Buffer.from([0xff, 0xfe, 0x0a]),
    ]);
    const { output } = await runMask([input]);
    expect(output.equals(expected)).toBe(true);
  });

  it('waits for a slow reader (backpressure) and loses nothing', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} call 0612345678\n`);
    const received: Buffer[] = [];
    await runMask([lines.join('')], slowReader(received));
    expect(Buffer.concat(received).toString()).toBe(lines.map(maskText).join(''));
  });

  it('masks a line longer than its buffer in pieces, at characters no number contains', async () => {
    const filler = 'word; '.repeat(Math.ceil((MAX_PENDING * 2) / 6));
    const input = `${filler}call 0612345678; ${filler}mail melissa@gmail.com!`;
    const half = Math.floor(input.length / 2);
    const { output } = await runMask([input.slice(0, half), input.slice(half)]);
    expect(output.toString()).toBe(maskText(input));
    expect(output.toString()).toContain(`call ${stars(6)}5678;`);
  });

  it('cuts a line longer than its buffer only at a space no number spans', async () => {
    // Nothing but words, then digits and spaces: a cut between two groups would split a card.
    const words = 'word '.repeat(Math.ceil(MAX_PENDING / 5));
    const cards = '4111 1111 1111 1111 '.repeat(2000);
    const input = `${words}${cards}4111 1111 1111 1111 ${cards}`;
    const splitInCard = words.length + cards.length + 7; // "4111 11|11 1111 1111"
    const { output } = await runMask([input.slice(0, splitInCard), input.slice(splitInCard)]);
    expect(output.toString()).toBe(maskText(input));
    expect(output.toString()).not.toMatch(/\d{5}|\d \d/);
  });

  it('handles a large input in many chunks', async () => {
    const line = 'ts=2024-01-15T10:30:00Z user=alice msg="call +44 20 7946 0958 or 4111-1111-1111-1111"\n';
    const chunk = line.repeat(1000);
    const { output } = await runMask(Array.from({ length: 50 }, () => chunk));
    expect(output.toString()).toBe(maskText(chunk).repeat(50));
  });
});
