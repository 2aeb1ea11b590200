/**
 * Several `desk server` nodes on one PostgreSQL schema: events cross nodes,
 * clients fail over, and nodes that start together migrate once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { PG_URL, ServerProcess, TestDatabase, initAdmin, spawnDesk } from '../helpers/desk.js';

function waitFor(stream: EventStream, match: (e: DeskEvent) => boolean): Promise<DeskEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('event did not arrive')), 15_000);
    const onEvent = (e: DeskEvent) => {
      if (!match(e)) return;
      clearTimeout(timer);
      stream.off('event', onEvent);
      resolve(e);
    };
    stream.on('event', onEvent);
  });
}

const titleOf = (e: DeskEvent) => (e.data.ticket as { title?: string } | undefined)?.title;

describe('several nodes on one PostgreSQL database', () => {
  const db = new TestDatabase('postgres');
  const nodes = [
    new ServerProcess(db, ['--quiet', '--node-name', 'a']),
    new ServerProcess(db, ['--quiet', '--node-name', 'b']),
    new ServerProcess(db, ['--quiet', '--node-name', 'c']),
  ];
  let token = '';
  let company = 0;

  beforeAll(async () => {
    // Two nodes start at once on an empty schema: one migrates, the other waits and finds it done.
    await Promise.all([nodes[0]!.start(), nodes[1]!.start()]);
    await nodes[2]!.start();
    token = await initAdmin(db.flags);
    const res = await spawnDesk(['admin', 'companies', 'add', 'Acme', '--json'], {
      env: { DESK_SERVER: nodes[0]!.url, DESK_TOKEN: token },
    });
    company = (JSON.parse(res.stdout) as { id: number }).id;
  });
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await db.drop();
  });

  it('ran the migrations once and every node is ready', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const rows = await client.query(`select name from "${db.schema}".kysely_migration order by name`);
    await client.end();
    const names = rows.rows.map((r: { name: string }) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('0001_initial');
    for (const n of nodes) {
      const res = await fetch(`${n.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, database: true, migrations: true });
    }
  });

  it('streams an event committed on one node to a client of another', async () => {
    const stream = new EventStream({ server: nodes[2]!.url, token }).start();
    await new Promise((r) => stream.once('ready', r));
    const arrived = waitFor(stream, (e) => titleOf(e) === 'made on node a');
    const res = await spawnDesk(['tickets', 'create', '--title', 'made on node a', '--company', String(company)], {
      env: { DESK_SERVER: nodes[0]!.url, DESK_TOKEN: token },
    });
    expect(res.code).toBe(0);
    const event = await arrived;
    stream.stop();
    expect(event.type).toBe('ticket.created');
  });

  it('fails over: a one-shot command whose first server is down succeeds through the next', async () => {
    const res = await spawnDesk(['tickets', 'list', '--json'], {
      env: { DESK_SERVER: `http://127.0.0.1:1,${nodes[1]!.url}`, DESK_TOKEN: token },
    });
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('a stream whose node is killed resumes on another node and misses nothing', async () => {
    const victim = nodes[1]!;
    const stream = new EventStream({
      server: `${victim.url},${nodes[2]!.url}`,
      token,
      minBackoffMs: 20,
      maxBackoffMs: 100,
    }).start();
    await new Promise((r) => stream.once('ready', r));
    const seen: string[] = [];
    stream.on('event', (e) => {
      const t = titleOf(e);
      if (t?.startsWith('failover ')) seen.push(t);
    });
    const env = { DESK_SERVER: nodes[0]!.url, DESK_TOKEN: token };
    await spawnDesk(['tickets', 'create', '--title', 'failover 1', '--company', String(company)], { env });
    await victim.stop('SIGKILL');
    await spawnDesk(['tickets', 'create', '--title', 'failover 2', '--company', String(company)], { env });
    const last = waitFor(stream, (e) => titleOf(e) === 'failover 3');
    await spawnDesk(['tickets', 'create', '--title', 'failover 3', '--company', String(company)], { env });
    await last;
    stream.stop();
    expect(seen).toEqual(['failover 1', 'failover 2', 'failover 3']);
  });
});
