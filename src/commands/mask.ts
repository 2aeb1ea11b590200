/**
 * `desk mask`: copies standard input to standard output with sensitive customer data masked
 * (DESIGN §2.5), for scripts. It streams in constant memory: input is taken in chunks, every complete
 * line in a chunk is masked at once (masking never reaches across a newline, so a block of whole lines
 * masks exactly like each line on its own) and the unfinished last line waits for the next chunk.
 * Nothing but the masked data changes: valid UTF-8 is decoded and re-encoded only where something was
 * masked, and a line that is not valid UTF-8 is masked as Latin-1, which keeps every byte. A line
 * longer than {@link MAX_PENDING} bytes is masked in pieces cut only at a space that no number
 * spans (DESIGN §2.5): one beside a character no number has next to a group separator, or between two
 * words without a digit. A line without such a space is held whole until its end.
 */
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import type { Command } from 'commander';
import { maskText } from '../core/masking.js';
import type { Context, InStream, OutStream } from './context.js';

/** Most bytes held while waiting for the end of a line. */
export const MAX_PENDING = 1 << 20;

const NEWLINE = 0x0a;
const SPACE = 0x20;

export function register(program: Command, ctx: Context): void {
  program
    .command('mask')
    .description('Mask sensitive customer data in standard input')
    .action(async () => {
      await maskStream(ctx.stdin, ctx.stdout);
    });
}

/** Pipes `input` to `output` masked; a reader that goes away (`desk mask | head`) ends it quietly. */
async function maskStream(input: InStream, output: OutStream): Promise<void> {
  let failure: unknown;
  const onError = (error: unknown): void => {
    failure = error;
  };
  output.on('error', onError);
  try {
    await pump(input, output, () => failure !== undefined);
  } catch (error) {
    failure ??= error;
  } finally {
    output.off('error', onError);
  }
  if (failure !== undefined && !isBrokenPipe(failure)) throw failure;
}

async function pump(input: InStream, output: OutStream, failed: () => boolean): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    if (failed()) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const data = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    const cut = cutPoint(data);
    if (cut > 0) await write(output, maskBytes(data.subarray(0, cut)));
    pending = data.subarray(cut);
  }
  if (pending.length > 0 && !failed()) await write(output, maskBytes(pending));
}

/** How many bytes of `data` can be masked now: its whole lines, or a safe piece of an overlong line. */
function cutPoint(data: Buffer): number {
  const lastNewline = data.lastIndexOf(NEWLINE);
  if (lastNewline !== -1) return lastNewline + 1;
  if (data.length <= MAX_PENDING) return 0;
  for (let space = data.lastIndexOf(SPACE); space > 0; space = data.lastIndexOf(SPACE, space - 1)) {
    if (noNumberSpans(data, space)) return space + 1;
  }
  return 0;
}

/**
 * Whether no number or IBAN spans the space at `space`: a byte beside it cannot stand next to a group
 * separator, or neither word beside it holds a digit (two words of prose).
 */
function noNumberSpans(data: Buffer, space: number): boolean {
  if (space + 1 >= data.length) return false; // what follows is not here yet
  if (!inNumber(data.readUInt8(space - 1)) || !inNumber(data.readUInt8(space + 1))) return true;
  return (
    !hasDigit(data, data.lastIndexOf(SPACE, space - 1) + 1, space) &&
    !hasDigit(data, space + 1, wordEnd(data, space + 1))
  );
}

function wordEnd(data: Buffer, from: number): number {
  const end = data.indexOf(SPACE, from);
  return end === -1 ? data.length : end;
}

function hasDigit(data: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (data.readUInt8(i) >= 0x30 && data.readUInt8(i) <= 0x39) return true;
  return false;
}

/**
 * Whether a byte may stand beside a space that separates the groups of a number or an IBAN: a letter,
 * a digit, a `+` (of `+ 44`) or a parenthesis. Bytes of other UTF-8 characters count as such too.
 */
function inNumber(byte: number): boolean {
  return (
    byte >= 0x80 ||
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2b ||
    byte === 0x28 ||
    byte === 0x29
  );
}

function maskBytes(bytes: Buffer): Buffer {
  if (isUtf8(bytes)) return maskEncoded(bytes, 'utf8');
  return Buffer.concat(lines(bytes).map((line) => maskEncoded(line, isUtf8(line) ? 'utf8' : 'latin1')));
}

function maskEncoded(bytes: Buffer, encoding: 'utf8' | 'latin1'): Buffer {
  const text = bytes.toString(encoding);
  const masked = maskText(text);
  return masked === text ? bytes : Buffer.from(masked, encoding);
}

/** `bytes` split after each newline. */
function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, from)) {
    out.push(bytes.subarray(from, newline + 1));
    from = newline + 1;
  }
  if (from < bytes.length) out.push(bytes.subarray(from));
  return out;
}

/** Writes, and waits for the reader when the stream asks to (backpressure). */
async function write(output: OutStream, data: Buffer): Promise<void> {
  if (!output.write(data)) await once(output, 'drain');
}

function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EPIPE';
}
