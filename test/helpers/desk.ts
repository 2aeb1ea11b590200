/**
 * Runs the built `desk` binary as a child process, and starts real servers
 * on free ports with temporary databases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const DESK_BIN = fileURLToPath(new URL('../../bin/desk.js', import.meta.url));
export const PG_URL = process.env.DESK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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

export function runDesk(
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

export type DbKind = 'sqlite' | 'postgres';

/** A database for one test: a temporary SQLite file or a fresh PostgreSQL schema. */
export class TestDatabase {
  readonly kind: DbKind;
  readonly dir: string;
  readonly schema: string;

  constructor(kind: DbKind) {
    this.kind = kind;
    this.dir = mkdtempSync(join(tmpdir(), 'desk-test-'));
    this.schema = `t_${randomBytes(6).toString('hex')}`;
  }

  /** Flags for `desk server` and `desk server init`. */
  get flags(): string[] {
    return this.kind === 'sqlite'
      ? ['--db', join(this.dir, 'desk.db')]
      : ['--postgres', PG_URL, '--postgres-schema', this.schema];
  }

  get storeConfig() {
    return this.kind === 'sqlite'
      ? ({ dialect: 'sqlite', path: join(this.dir, 'desk.db') } as const)
      : ({ dialect: 'postgres', url: PG_URL, schema: this.schema } as const);
  }

  async drop(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    if (this.kind === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
      } finally {
        await client.end();
      }
    }
  }
}

/** A `desk server` child process. */
export class ServerProcess {
  url = '';
  private child: ChildProcess | undefined;
  private readonly db: TestDatabase;
  private readonly extra: string[];
  stderr = '';

  constructor(db: TestDatabase, extra: string[] = []) {
    this.db = db;
    this.extra = extra;
  }

  async start(port = 0): Promise<string> {
    const child = spawn(
      process.execPath,
      [DESK_BIN, 'server', '--port', String(port), ...this.db.flags, ...this.extra],
      {
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
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

/** A server with an initialised account: the admin token and a CLI environment for it. */
export interface Desk {
  readonly db: TestDatabase;
  readonly server: ServerProcess;
  readonly adminToken: string;
  env(token?: string): Record<string, string>;
  run(
    args: readonly string[],
    options?: { token?: string; input?: string; env?: Record<string, string> },
  ): Promise<RunResult>;
  json<T = unknown>(args: readonly string[], options?: { token?: string; input?: string }): Promise<T>;
  close(): Promise<void>;
}

export async function startDesk(kind: DbKind = 'sqlite', serverArgs: string[] = ['--quiet']): Promise<Desk> {
  const db = new TestDatabase(kind);
  const init = await runDesk([
    'server',
    'init',
    ...db.flags,
    '--name',
    'Ada Admin',
    '--email',
    'ada@example.com',
    '--json',
  ]);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const adminToken = (JSON.parse(init.stdout) as { token: string }).token;
  const server = new ServerProcess(db, serverArgs);
  await server.start();
  const configDir = join(db.dir, 'config');
  const desk: Desk = {
    db,
    server,
    adminToken,
    env: (token = adminToken) => ({ DESK_SERVER: server.url, DESK_TOKEN: token, DESK_CONFIG_DIR: configDir }),
    run: (args, options = {}) =>
      runDesk(args, {
        env: { ...desk.env(options.token), ...options.env },
        ...(options.input !== undefined ? { input: options.input } : {}),
      }),
    json: async <T>(args: readonly string[], options: { token?: string; input?: string } = {}) => {
      const res = await desk.run([...args, '--json'], options);
      if (res.code !== 0) throw new Error(`desk ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
      return JSON.parse(res.stdout) as T;
    },
    close: async () => {
      await server.stop();
      await db.drop();
    },
  };
  return desk;
}
