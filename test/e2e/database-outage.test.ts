/**
 * A PostgreSQL restart as a node sees it: the database terminates every session and refuses new
 * ones for a while. The nodes stay up, answer 503 (the CLI exits 6) and `/readyz` 503 meanwhile,
 * serve again once the database is back, lose no acknowledged write, and their event streams miss
 * nothing. A node started while the database refuses connections waits for it.
 *
 * The test runs on a database of its own (the shared `test` database serves other tests at the
 * same time), created here and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { PG_URL, ServerProcess, TestDatabase, runInProcess, startDesk, type Desk } from '../helpers/desk.js';

const dbName = `deskline_pgdown_${randomBytes(5).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

/** A connection to the shared database, from which the test database is made, cut off and restored. */
let admin: pg.Client;

async function allowConnections(allow: boolean): Promise<void> {
  await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`);
}

/** Terminates every session on the test database (what a restart or failover does); answers how many. */
async function terminateSessions(): Promise<number> {
  // The sessions are listed first and then terminated one by one: in one statement the planner may
  // call pg_terminate_backend before the filter on the database, on other tests' sessions too.
  const sessions = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [dbName],
  );
  let terminated = 0;
  for (const { pid } of sessions.rows) {
    const res = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
    if (res.rows[0]?.ok) terminated += 1;
  }
  return terminated;
}

/** Asks until `check` holds, for at most `ms` (there is no event for "the database is back"). */
async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readyStatus(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`)).status;
}

/** Ticket writers that retry each ticket with its client id until it is acknowledged (as clients do). */
class Writers {
  /** Client id → ticket id, for every write that got a 2xx. */
  readonly acknowledged = new Map<string, number>();
  /** Answers other than 2xx and 503, and failed connections (the server going away). */
  readonly failures: string[] = [];
  unavailable = 0;
  private stopping = false;
  private readonly waiters = new Set<() => void>();
  private readonly running: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly companyId: number,
    count: number,
  ) {
    for (let i = 0; i < count; i++) this.running.push(this.write(i));
  }

  private async write(writer: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const clientId = `w${writer}-${n}`;
      for (;;) {
        let status: number;
        let body: { id?: number; error?: { code: string } } = {};
        try {
          const res = await fetch(`${this.url}/v1/tickets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `Outage ${clientId}`, companyId: this.companyId, clientId }),
          });
          status = res.status;
          body = (await res.json()) as typeof body;
        } catch (err) {
          this.failures.push(`${clientId}: ${(err as Error).message}`);
          this.notify();
          return;
        }
        if (status < 300 && typeof body.id === 'number') {
          this.acknowledged.set(clientId, body.id);
          break;
        }
        if (status !== 503 || body.error?.code !== 'unavailable') {
          this.failures.push(`${clientId}: ${status} ${JSON.stringify(body)}`);
          this.notify();
          return;
        }
        this.unavailable += 1;
        this.notify();
        // A client's pause before it retries the same write.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      this.notify();
    }
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves when `check` holds (checked after every answer); fails after `ms`. */
  waitFor(what: string, check: () => boolean, ms = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = () => {
        if (check()) finish(resolve);
        else if (this.failures.length > 0) finish(() => reject(new Error(`${what}: ${this.failures.join('; ')}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}`))), ms);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(test);
        settle();
      };
      this.waiters.add(test);
      test();
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: PG_URL });
  admin.on('error', () => {
    /* the query in progress fails with it */
  });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
});

afterAll(async () => {
  await allowConnections(true).catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

describe('a PostgreSQL restart', () => {
  let desk: Desk;
  let other: ServerProcess;

  beforeAll(async () => {
    desk = await startDesk('postgres', { server: 'process', postgresUrl: dbUrl });
    // A second node on the same database, to stream from while the first one takes the writes.
    other = new ServerProcess(desk.db, ['--quiet', '--node-name', 'node-b']);
    await other.start();
  });
  afterAll(async () => {
    await allowConnections(true).catch(() => {});
    await other?.stop();
    await desk?.close();
  });

  it(
    'keeps the nodes up, answers 503 meanwhile, and loses no acknowledged write or event',
    { timeout: 90_000 },
    async () => {
      const first = desk.server as ServerProcess;
      const companyId = await desk.seed.company('Acme');
      const stream = new EventStream({ server: other.url, token: desk.adminToken, since: 0, maxBackoffMs: 500 });
      const created = new Set<number>();
      const createdListeners = new Set<() => void>();
      stream.on('event', (e: DeskEvent) => {
        if (e.type !== 'ticket.created') return;
        created.add((e.data as { ticket: { id: number } }).ticket.id);
        for (const listener of createdListeners) listener();
      });
      await new Promise<void>((resolve) => stream.once('ready', () => resolve()).start());

      const writers = new Writers(desk.server.url, desk.adminToken, companyId, 4);
      try {
        await writers.waitFor('writes before the outage', () => writers.acknowledged.size >= 20);

        // The restart: every session is terminated and the database refuses new ones.
        await allowConnections(false);
        expect(await terminateSessions()).toBeGreaterThan(0);

        await writers.waitFor('a 503 during the outage', () => writers.unavailable > 0);
        expect(await readyStatus(desk.server.url)).toBe(503);
        expect(await readyStatus(other.url)).toBe(503);
        const cli = await desk.run(['tickets', 'list']);
        expect(cli.code).toBe(6);
        expect(cli.stderr).toMatch(/database is unavailable/);
        // The second node lost its LISTEN connection and is trying to listen again.
        await other.waitForStderr(/wake channel: .*listening again in/);
        const before = writers.acknowledged.size;

        await allowConnections(true);
        await until('/readyz 200 on both nodes', async () => {
          const states = await Promise.all([readyStatus(desk.server.url), readyStatus(other.url)]);
          return states.every((s) => s === 200);
        });
        await other.waitForStderr(/wake channel: listening again/);
        await writers.waitFor('writes after the outage', () => writers.acknowledged.size >= before + 20);
      } finally {
        await writers.stop();
      }
      expect(writers.failures).toEqual([]);
      expect(writers.unavailable).toBeGreaterThan(0);

      // Every acknowledged write is there, once.
      const list = await desk.json<{ items: Array<{ id: number; title: string }> }>([
        'tickets',
        'list',
        '--status',
        'all',
        '--limit',
        '500',
      ]);
      const acknowledged = [...writers.acknowledged.values()].sort((a, b) => a - b);
      expect(list.items.map((t) => t.id).sort((a, b) => a - b)).toEqual(acknowledged);

      // The other node's stream saw every ticket created, those committed during its reconnect included.
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (acknowledged.every((id) => created.has(id))) finish(resolve);
        };
        const timer = setTimeout(
          () =>
            finish(() => reject(new Error(`stream missed ${acknowledged.filter((id) => !created.has(id)).join(',')}`))),
          15_000,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          createdListeners.delete(check);
          settle();
        };
        createdListeners.add(check);
        check();
      });
      stream.stop();

      // Both nodes ran through it and still stop cleanly.
      expect(await other.stop()).toBe(0);
      expect(await first.stop()).toBe(0);
    },
  );
});

describe('a node started while its database refuses connections', () => {
  it(
    'waits, retrying with a line each time, and serves once the database accepts connections',
    { timeout: 60_000 },
    async () => {
      const db = new TestDatabase('postgres', dbUrl);
      const init = await runInProcess([
        'server',
        'init',
        ...db.flags,
        '--name',
        'Ada',
        '--email',
        'ada@example.com',
        '--json',
      ]);
      expect(init.code).toBe(0);
      const token = (JSON.parse(init.stdout) as { token: string }).token;
      const server = new ServerProcess(db, ['--quiet']);
      try {
        await allowConnections(false);
        const started = server.start();
        started.catch(() => {});
        // It tries more than once, saying so each time, instead of exiting.
        await server.waitForStderr(
          /database unreachable \(.*not currently accepting connections.*attempt 2, retrying in/s,
        );
        await allowConnections(true);
        const url = await started;
        expect(await readyStatus(url)).toBe(200);
        const whoami = await runInProcess(['whoami', '--json'], {
          env: { DESK_SERVER: url, DESK_TOKEN: token, DESK_CONFIG_DIR: `${db.dir}/config` },
        });
        expect(whoami.code).toBe(0);
        expect(JSON.parse(whoami.stdout).technician.email).toBe('ada@example.com');
      } finally {
        await allowConnections(true);
        await server.stop();
        await db.drop();
      }
    },
  );
});
