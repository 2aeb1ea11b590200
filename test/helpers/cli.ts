/**
 * Runs `desk` in-process: `main(argv, ctx)` with in-memory streams (a terminal or a pipe), a fixed
 * clock, an environment of the test's own (a throwaway config directory, so no real profile is read
 * or written) and a fake transport that records every request.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Context, InStream, OutStream } from '../../src/commands/context.js';
import { FakeTransport, type RecordedRequest } from './fake-transport.js';

/** Where the fake profile points; the fake transport answers for it. */
export const SERVER = 'http://desk.test';
export const TOKEN = 'dsk_test_token';
/** The clock every in-process run reads unless told otherwise. */
export const NOW = new Date('2030-01-07T09:00:00.000Z');

export interface RunOptions {
  /** stdout, stderr and stdin are terminals (80 columns); default: all piped. */
  readonly tty?: boolean;
  /** Added to (or, with undefined, removed from) the default environment. */
  readonly env?: Record<string, string | undefined>;
  /** What standard input holds. */
  readonly stdin?: string;
  readonly transport?: FakeTransport;
  readonly now?: Date;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly requests: readonly RecordedRequest[];
}

function capture(tty: boolean): { stream: OutStream; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = 80;
  }
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The default environment: the fake server and token, no colour, a config directory of its own. */
export function testEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DESK_SERVER: SERVER,
    DESK_TOKEN: TOKEN,
    DESK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'desk-cli-')),
    NO_COLOR: '1',
    TZ: process.env.TZ,
    ...extra,
  };
}

/** Runs `desk ARGV` in this process and returns its exit code, output and the requests it sent. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const tty = options.tty === true;
  const out = capture(tty);
  const err = capture(tty);
  const stdin = Readable.from([Buffer.from(options.stdin ?? '')]) as InStream;
  if (tty) stdin.isTTY = true;
  const transport = options.transport ?? new FakeTransport();
  const now = options.now ?? NOW;
  const ctx: Context = {
    stdout: out.stream,
    stderr: err.stream,
    stdin,
    env: testEnv(options.env),
    now: () => now,
    transport,
    exitCode: 0,
  };
  const code = await main(argv, ctx);
  // Let the streams hand over what was written last.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.text(), stderr: err.text(), requests: [...transport.requests] };
}
