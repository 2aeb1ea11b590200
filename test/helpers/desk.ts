/**
 * A Deskline server with an initialised account for end-to-end tests, and the `desk` command
 * against it: `run`/`json` call the CLI in this process, `spawn` runs the built binary, `seed`
 * makes what the test needs over HTTP with the admin token.
 */
import { join } from 'node:path';
import { TestDatabase, type DbKind } from './database.js';
import { ServerProcess, spawnDesk, type DeskServer, type RunResult } from './desk-binary.js';
import { InProcessServer, runInProcess } from './in-process.js';
import { Seed } from './seed.js';

export { PG_URL, TestDatabase, type DbKind } from './database.js';
export {
  DESK_BIN,
  ServerProcess,
  cleanEnv,
  initAdmin,
  spawnDesk,
  type DeskServer,
  type RunResult,
} from './desk-binary.js';
export { runInProcess } from './in-process.js';

export interface RunOptions {
  /** The API token (default: the admin's). */
  readonly token?: string;
  readonly input?: string;
  /** Added to the environment (`DESK_SERVER`, `DESK_TOKEN` and `DESK_CONFIG_DIR` are set). */
  readonly env?: Record<string, string>;
  /** Standard output and error are a terminal of this many columns (in-process runs only). */
  readonly tty?: { columns: number };
}

export interface Desk {
  readonly db: TestDatabase;
  readonly server: DeskServer;
  readonly adminToken: string;
  /** HTTP setup with the admin token. */
  readonly seed: Seed;
  env(token?: string): Record<string, string>;
  /** `desk ARGS` in this process. */
  run(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** `desk ARGS --json` in this process; its output parsed, a non-zero exit thrown. */
  json<T = unknown>(args: readonly string[], options?: RunOptions): Promise<T>;
  /** `node bin/desk.js ARGS`: the built binary in a process of its own. */
  spawn(args: readonly string[], options?: Omit<RunOptions, 'tty'>): Promise<RunResult>;
  close(): Promise<void>;
}

export interface DeskOptions {
  /**
   * `in-process` (default): the server runs in the test process on a real 127.0.0.1 port.
   * `process`: a `desk server` child, for tests that kill or restart it.
   */
  readonly server?: 'in-process' | 'process';
  /** A manual clock moved by `PUT /v1/test/clock` (`seed.advance`). */
  readonly testClock?: boolean;
  /** The PostgreSQL database to make the test schema in (default: the shared one, `PG_URL`). */
  readonly postgresUrl?: string;
}

/**
 * Starts a server on a new database with the admin Ada Admin <ada@example.com>. A list of
 * `desk server` flags in place of the options starts a server process with them.
 */
export async function startDesk(kind: DbKind = 'sqlite', options: DeskOptions | string[] = {}): Promise<Desk> {
  const db = new TestDatabase(kind, (!Array.isArray(options) && options.postgresUrl) || undefined);
  const admin = { name: 'Ada Admin', email: 'ada@example.com' };
  let server: DeskServer;
  let adminToken: string;
  if (Array.isArray(options) || options.server === 'process') {
    const flags = Array.isArray(options) ? options : ['--quiet', ...(options.testClock ? ['--test-clock'] : [])];
    const init = await runInProcess([
      'server',
      'init',
      ...db.flags,
      '--name',
      admin.name,
      '--email',
      admin.email,
      '--json',
    ]);
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    adminToken = (JSON.parse(init.stdout) as { token: string }).token;
    server = new ServerProcess(db, flags);
    await server.start();
  } else {
    const inProcess = new InProcessServer(db, { testClock: options.testClock === true });
    await inProcess.start();
    const { initAccount } = await import('../../src/server/services/people.js');
    adminToken = (await initAccount(inProcess.server.store, { accountName: 'Deskline', ...admin })).token;
    server = inProcess;
  }
  const configDir = join(db.dir, 'config');
  const env = (token = adminToken) => ({ DESK_SERVER: server.url, DESK_TOKEN: token, DESK_CONFIG_DIR: configDir });
  const runEnv = (options: RunOptions) => ({ ...env(options.token), ...options.env });
  const desk: Desk = {
    db,
    server,
    adminToken,
    seed: new Seed(() => server.url, adminToken),
    env,
    run: (args, options = {}) =>
      runInProcess(args, {
        env: runEnv(options),
        ...(options.input !== undefined ? { input: options.input } : {}),
        ...(options.tty ? { tty: options.tty } : {}),
      }),
    json: async <T>(args: readonly string[], options: RunOptions = {}) => {
      const res = await desk.run([...args, '--json'], options);
      if (res.code !== 0) throw new Error(`desk ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
      return JSON.parse(res.stdout) as T;
    },
    spawn: (args, options = {}) =>
      spawnDesk(args, { env: runEnv(options), ...(options.input !== undefined ? { input: options.input } : {}) }),
    close: async () => {
      await server.stop();
      await db.drop();
    },
  };
  return desk;
}
