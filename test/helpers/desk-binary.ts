/**
 * The built `desk` binary (bin/desk.js running the bundle in dist/) as child processes: one command
 * run to its end, and `desk server` processes that a test may kill and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './database.js';

export const DESK_BIN = fileURLToPath(new URL('../../bin/desk.js', import.meta.url));

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment with no inherited Deskline settings and no CI flags. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('DESK_') || k === 'CI' || k.startsWith('CI_') || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs `node bin/desk.js ARGS` to its end, standard input given whole and then closed. */
export function spawnDesk(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DESK_BIN, ...args], { env: cleanEnv(options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * `desk server init` on the test database in a child process, as an operator runs it before the
 * nodes serve: answers the first admin's (Ada's) token.
 */
export async function initAdmin(flags: readonly string[]): Promise<string> {
  const init = await spawnDesk(['server', 'init', ...flags, '--name', 'Ada', '--email', 'ada@example.com', '--json']);
  if (init.code !== 0) throw new Error(`desk server init failed: ${init.stderr}`);
  return (JSON.parse(init.stdout) as { token: string }).token;
}

/** A server a test can stop (with a signal, for a process) and start again on the same port. */
export interface DeskServer {
  readonly url: string;
  readonly port: number;
  start(port?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A `desk server` child process. */
export class ServerProcess implements DeskServer {
  url = '';
  stderr = '';
  private child: ChildProcess | undefined;
  /** Called after each chunk of standard error. */
  private readonly stderrListeners = new Set<() => void>();
  private readonly db: TestDatabase;
  private readonly extra: string[];

  constructor(db: TestDatabase, extra: string[] = []) {
    this.db = db;
    this.extra = extra;
  }

  async start(port = 0): Promise<string> {
    const child = spawn(
      process.execPath,
      [DESK_BIN, 'server', '--port', String(port), ...this.db.flags, ...this.extra],
      { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
      for (const listener of this.stderrListeners) listener();
    });
    child.on('exit', () => {
      for (const listener of this.stderrListeners) listener();
    });
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${this.stderr}`)));
    });
    return this.url;
  }

  /** Resolves once standard error matches `pattern` (now or later); fails after `ms` or when the process exits. */
  waitForStderr(pattern: RegExp, ms = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.child;
      const check = () => {
        if (pattern.test(this.stderr)) finish(resolve);
        else if (!child || child.exitCode !== null || child.signalCode !== null)
          finish(() => reject(new Error(`the server exited before ${pattern} on stderr: ${this.stderr}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} on stderr: ${this.stderr}`))), ms);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.stderrListeners.delete(check);
        settle();
      };
      this.stderrListeners.add(check);
      check();
    });
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Stops the server with a signal and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}
