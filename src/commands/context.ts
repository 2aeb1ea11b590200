/** The streams, clock, environment and HTTP transport a command works with. */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '../client/transport.js';

/** A stream that may be a terminal. */
export type OutStream = Writable & { isTTY?: boolean; columns?: number };
export type InStream = Readable & { isTTY?: boolean };

/**
 * Everything a command needs from the outside world. `main()` builds it from the
 * process; tests hand in their own streams and environment.
 */
export interface Context {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: InStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Current time; tests may fix it. */
  readonly now: () => Date;
  /**
   * Where the API client sends its requests: node:http(s) when unset; a test hands in a fake that
   * records requests and answers stubs. Profiles come from `env` (DESK_SERVER, DESK_TOKEN,
   * DESK_CONFIG_DIR), so a test touches no real configuration either.
   */
  readonly transport?: Transport;
  /** Set by a command that wants a non-zero exit without an error message. */
  exitCode: number;
}

export function processContext(): Context {
  // Getters: node builds each stream on first access (stdin opens its handle), which a command
  // that never reads stdin should not pay for.
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: () => new Date(),
    exitCode: 0,
  };
}
