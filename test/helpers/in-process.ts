/**
 * `desk` inside the test process: `main(argv, ctx)` from src/cli.ts with captured streams, and a
 * server started in this process on a real 127.0.0.1 port. Both skip a node start per call; what
 * needs a process of its own (signals, a watch fed on standard input, the bundle) uses desk-binary.ts.
 */
import { Readable, Writable } from 'node:stream';
import type { Context } from '../../src/commands/context.js';
import type { RunningServer } from '../../src/server/start.js';
import type { TestDatabase } from './database.js';
import { cleanEnv, type DeskServer, type RunResult } from './desk-binary.js';

export interface InProcessOptions {
  /** Added to a clean environment, as for a spawned `desk`. */
  readonly env?: Record<string, string>;
  /** Standard input, given whole and then at its end. */
  readonly input?: string;
  /** Standard output and error are a terminal of this many columns (default: piped). */
  readonly tty?: { columns: number };
}

class Captured extends Writable {
  private readonly chunks: Buffer[] = [];
  isTTY?: boolean;
  columns?: number;

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function capture(tty: InProcessOptions['tty']): Captured {
  const stream = new Captured();
  if (tty) {
    stream.isTTY = true;
    stream.columns = tty.columns;
  }
  return stream;
}

const signals = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs `desk ARGS` in this process and answers its exit code and output. Local time follows `TZ`
 * from the environment given, as a process started with it would. A command that installs a signal
 * handler (a watch, `server`, `customer chat`) belongs in a spawned process, and is refused here.
 */
export async function runInProcess(args: readonly string[], options: InProcessOptions = {}): Promise<RunResult> {
  const { main } = await import('../../src/cli.js');
  // Profiles are written with conf, whose atomic writer hooks SIGINT and SIGTERM once, when it is
  // first imported, to clean up temporary files: that hook is not the command's.
  await import('conf');
  const stdout = capture(options.tty);
  const stderr = capture(options.tty);
  const stdin = Readable.from(options.input ? [Buffer.from(options.input)] : []);
  const ctx: Context = {
    stdout,
    stderr,
    stdin,
    env: cleanEnv(options.env),
    now: () => new Date(),
    exitCode: 0,
  };
  const handlers = signals.map((s) => process.listenerCount(s));
  const zone = process.env.TZ;
  const tz = options.env?.TZ;
  if (tz !== undefined) process.env.TZ = tz;
  let code: number;
  try {
    code = await main(args, ctx);
  } finally {
    if (tz !== undefined) {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  }
  if (signals.some((s, i) => process.listenerCount(s) !== handlers[i])) {
    throw new Error(`desk ${args.join(' ')} installs a signal handler: run it with spawnDesk`);
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A Deskline server in this process, as `desk server --quiet` would run it. */
export class InProcessServer implements DeskServer {
  private running: RunningServer | undefined;
  url = '';

  constructor(
    private readonly db: TestDatabase,
    private readonly options: { testClock: boolean },
  ) {}

  /** The running server's store and clock, for tests that look inside. */
  get server(): RunningServer {
    if (!this.running) throw new Error('the server is not running');
    return this.running;
  }

  async start(port = 0): Promise<string> {
    const { startServer } = await import('../../src/server/start.js');
    this.running = await startServer({
      store: this.db.storeConfig,
      host: '127.0.0.1',
      port,
      version: '0.0.0-test',
      eventRetentionMs: 30 * 86_400_000,
      log: null,
      testClock: this.options.testClock,
    });
    this.url = this.running.url;
    return this.url;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Closes the server as SIGTERM would; a kill needs a server process. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (signal !== 'SIGTERM' && signal !== 'SIGINT') {
      throw new Error(`an in-process server cannot take ${signal}: start the desk with { server: 'process' }`);
    }
    const running = this.running;
    this.running = undefined;
    await running?.close();
    return 0;
  }
}
