/**
 * Event replay under load, on both databases: the hub replays a backlog a page at a time and waits
 * for the subscriber to drain before the next page (never the whole backlog at once); one token holds
 * at most MAX_STREAMS_PER_TOKEN streams (one more answers 429 before the upgrade); and with 200
 * `since=0` replays running, `/healthz` answers and every stream gets every event once, in order.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/http/app.js';
import { MAX_STREAMS_PER_TOKEN } from '../../../src/server/http/stream-limits.js';
import { Store } from '../../../src/server/store/store.js';
import { EventHub } from '../../../src/server/events/hub.js';
import { ManualClock } from '../../../src/server/clock.js';
import { DeadlineSweeper } from '../../../src/server/deadlines/sweeper.js';
import { createTechnician, initAccount } from '../../../src/server/services/people.js';
import { TestDatabase, type DbKind } from '../../helpers/database.js';

const EVENTS = 600;
const STREAMS = 200;

async function seedEvents(store: Store, count: number): Promise<void> {
  for (let i = 0; i < count; i += 200)
    await store.write(async (scope) => {
      for (let n = i + 1; n <= Math.min(count, i + 200); n++)
        scope.emit({ type: 'test.event', companyId: null, data: { n } });
    });
}

describe.each<DbKind>(['sqlite', 'postgres'])('event replay on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let hub: EventHub;
  let app: FastifyInstance;
  let base: string;
  let tokens: string[];
  /** The seqs of the seeded events, in order. */
  let seeded: number[];

  beforeAll(async () => {
    db = new TestDatabase(kind);
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    store = await Store.open(db.storeConfig, () => clock.now());
    const admin = await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' });
    // A window smaller than the backlog: the replay reads the older part from the database.
    hub = new EventHub(store.db, { windowSize: 300 });
    await hub.start();
    app = await buildApp({
      store,
      hub,
      clock,
      sweeper: new DeadlineSweeper(store, clock),
      version: 'test',
      log: () => {},
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    tokens = [admin.token];
    const actor = { kind: 'technician', id: admin.technician.id, name: 'Ada', admin: true, tokenPrefix: '' } as const;
    for (let i = 1; i < STREAMS / MAX_STREAMS_PER_TOKEN; i++) {
      const tech = await createTechnician(store, actor, { name: `Tech ${i}`, email: `tech${i}@example.com` });
      tokens.push(tech.token);
    }
    await seedEvents(store, EVENTS);
    await hub.wake();
    const rows = await store.db
      .selectFrom('events')
      .select('seq')
      .where('type', '=', 'test.event')
      .orderBy('seq')
      .execute();
    seeded = rows.map((r) => Number(r.seq));
    expect(seeded).toHaveLength(EVENTS);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  it('replays a backlog a page at a time, each after the subscriber has drained the one before', async () => {
    const replay = new EventHub(store.db, { windowSize: 300 });
    await replay.start();
    const sent: number[] = [];
    const pending: Array<() => void> = [];
    let closed = false;
    const done = replay.subscribe(
      {
        visible: () => true,
        send: (m) => {
          const message = JSON.parse(m);
          if (message.type === 'ready') sent.push(-1);
          else if (message.event.type === 'test.event') sent.push(message.event.seq);
        },
        closed: () => closed,
        drained: () => new Promise<void>((resolve) => pending.push(resolve)),
      },
      0,
    );
    const waitForPage = async (n: number) => {
      while (pending.length < n) await new Promise((resolve) => setImmediate(resolve));
    };
    await waitForPage(1);
    const first = sent.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(EVENTS);
    pending.shift()!();
    await waitForPage(1);
    expect(sent.length).toBeGreaterThan(first);
    // Drain every page; the replay ends with all events once, in order, then `ready`.
    while (sent.at(-1) !== -1) {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    closed = true;
    (await done)();
    expect(sent.slice(0, -1)).toEqual(seeded);
  });

  /** Opens a stream from `since=0` and collects its events until `ready`. */
  function replayAll(token: string): { opened: Promise<void>; finished: Promise<number[]>; socket: WebSocket } {
    const socket = new WebSocket(`ws://${base}/v1/events?since=0`, { headers: { authorization: `Bearer ${token}` } });
    const seqs: number[] = [];
    const opened = new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
    const finished = new Promise<number[]>((resolve, reject) => {
      socket.on('message', (data) => {
        const m = JSON.parse(String(data));
        if (m.type === 'event' && m.event.type === 'test.event') seqs.push(m.event.seq);
        if (m.type === 'ready') resolve(seqs);
      });
      socket.once('close', () => reject(new Error('closed before ready')));
      opened.catch(reject);
    });
    finished.catch(() => {});
    return { opened, finished, socket };
  }

  const closeAll = (sockets: WebSocket[]) =>
    Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.readyState === WebSocket.CLOSED) return resolve();
            s.once('close', () => resolve());
            s.close();
          }),
      ),
    );

  it('refuses one stream more than the limit per token with 429 in the error schema, and takes it once one closes', async () => {
    const token = tokens[1]!;
    const streams = Array.from({ length: MAX_STREAMS_PER_TOKEN }, () => replayAll(token));
    await Promise.all(streams.map((s) => s.opened));
    const answer = await new Promise<{ status: number; body: string; retryAfter: string | undefined }>((resolve) => {
      const extra = new WebSocket(`ws://${base}/v1/events?since=0`, { headers: { authorization: `Bearer ${token}` } });
      extra.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] as string | undefined }),
        );
      });
    });
    expect(answer.status).toBe(429);
    expect(answer.retryAfter).toBe('5');
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'rate_limited',
        message: `at most ${MAX_STREAMS_PER_TOKEN} event streams may be open at once with one token`,
      },
    });
    // Another token is not held back by this one.
    const other = replayAll(tokens[2]!);
    await other.opened;
    await closeAll([streams[0]!.socket]);
    const again = replayAll(token);
    await again.opened;
    await closeAll([...streams.map((s) => s.socket), other.socket, again.socket]);
  });

  it('documents the limit on both streams in /openapi.json', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/v1/events', '/v1/customer/events']) {
      expect(doc.paths[path].get['x-stream-limit']).toEqual({ perToken: MAX_STREAMS_PER_TOKEN });
      expect(doc.paths[path].get.responses['429'].headers['Retry-After']).toBeDefined();
    }
  });

  it(
    `answers /healthz while ${STREAMS} replays from since=0 run, and every replay gets every event in order`,
    {
      timeout: 120_000,
    },
    async () => {
      const streams = tokens.flatMap((token) => Array.from({ length: MAX_STREAMS_PER_TOKEN }, () => replayAll(token)));
      expect(streams).toHaveLength(STREAMS);
      await Promise.all(streams.map((s) => s.opened));
      const health = await fetch(`http://${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      const all = await Promise.all(streams.map((s) => s.finished));
      for (const seqs of all) expect(seqs).toEqual(seeded);
      await closeAll(streams.map((s) => s.socket));
    },
  );
});
