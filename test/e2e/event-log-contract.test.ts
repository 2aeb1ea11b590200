/**
 * The event log's contract on PostgreSQL with three nodes, under concurrency: 16 writers spread
 * over the nodes, a transaction that holds its events open for 5 s, a node SIGKILLed while the
 * writers run, and readers on the surviving nodes, one of which keeps disconnecting and resuming
 * from the position it had reached. Every reader gets every event in the log exactly once, in one
 * order that all readers agree on, with no gap in the positions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PG_URL, ServerProcess, TestDatabase, initAdmin } from '../helpers/desk.js';
import { RawStream } from '../helpers/raw-stream.js';

const WRITERS = 16;
const TICKETS_PER_WRITER = 15;

interface Seen {
  readonly seq: number;
  readonly type: string;
}

/** All events a stream delivers, until it has the position `upTo`. */
async function readUpTo(stream: RawStream, upTo: number): Promise<Seen[]> {
  await stream.waitFor((m) => m.type === 'event' && m.event.seq >= upTo, `event ${upTo}`, 60_000);
  return stream.events.map((e) => ({ seq: e.seq, type: e.type }));
}

describe('the event log on three PostgreSQL nodes', () => {
  const db = new TestDatabase('postgres');
  const nodes = ['a', 'b', 'c'].map((name) => new ServerProcess(db, ['--quiet', '--node-name', name]));
  let token = '';
  let company = 0;

  beforeAll(async () => {
    for (const n of nodes) await n.start();
    token = await initAdmin(db.flags);
    const res = await fetch(`${nodes[0]!.url}/v1/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    company = ((await res.json()) as { id: number }).id;
  }, 120_000);
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await db.drop();
  });

  it('delivers every event once, in one gap-free order, to readers on every node', async () => {
    const from = 0;
    const steady = [new RawStream(nodes[0]!.url, token), new RawStream(nodes[1]!.url, token)];
    await Promise.all(steady.map((s) => s.ready));

    // A transaction that appends an event and stays open for 5 s while everyone else writes.
    const held = new pg.Client({ connectionString: PG_URL });
    await held.connect();
    await held.query(`set search_path to "${db.schema}"`);
    await held.query('begin');
    await held.query(`insert into events (type, company_id, payload, created_at) values ('test.held', $1, '{}', $2)`, [
      company,
      Date.now(),
    ]);
    const heldCommit = (async () => {
      await new Promise((r) => setTimeout(r, 5000));
      await held.query('commit');
      await held.end();
    })();

    // Writers on every node; node c is killed after the first few tickets, and its writers move on.
    let written = 0;
    let killed: Promise<unknown> | undefined;
    const live = [true, true, true];
    const writer = async (w: number) => {
      for (let k = 0; k < TICKETS_PER_WRITER; k++) {
        let node = w % 3;
        if (!live[node]) node = w % 2;
        try {
          const res = await fetch(`${nodes[node]!.url}/v1/tickets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `w${w} t${k}`, companyId: company }),
          });
          expect(res.status).toBe(201);
        } catch (err) {
          // Only a request to the node being killed may fail (its answer was cut off).
          expect(node).toBe(2);
          expect(live[2]).toBe(false);
          void err;
        }
        written++;
        if (written === 40 && !killed) {
          live[2] = false;
          killed = nodes[2]!.stop('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await killed;
    await heldCommit;

    // A reader that resumes from where it got to, again and again, on the surviving nodes.
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const waitNumbered = async (): Promise<number> => {
      for (let i = 0; i < 200; i++) {
        const r = await admin.query(
          `select count(*) filter (where seq is null) as open, coalesce(max(seq), 0) as head, count(*) as total from "${db.schema}".events`,
        );
        const row = r.rows[0] as { open: string; head: string; total: string };
        if (Number(row.open) === 0) {
          expect(Number(row.head)).toBe(Number(row.total));
          return Number(row.head);
        }
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('events stayed without a position');
    };
    const head = await waitNumbered();
    const resumed: Seen[] = [];
    let cursor = from;
    for (let hop = 0; cursor < head; hop++) {
      const stream = new RawStream(nodes[hop % 2]!.url, token, '/v1/events', cursor);
      await stream.ready;
      const target = Math.min(head, cursor + 1 + Math.floor(Math.random() * 60));
      const got = await readUpTo(stream, target);
      stream.close();
      resumed.push(...got.filter((e) => e.seq <= target));
      cursor = target;
    }
    await admin.end();

    const orders = [...(await Promise.all(steady.map((s) => readUpTo(s, head)))), resumed];
    for (const s of steady) s.close();
    const expected = Array.from({ length: head }, (_, i) => i + 1);
    for (const order of orders) expect(order.map((e) => e.seq)).toEqual(expected);
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
    // The held transaction's event and the tickets of every writer are in it.
    expect(orders[0]!.filter((e) => e.type === 'test.held')).toHaveLength(1);
    expect(orders[0]!.filter((e) => e.type === 'ticket.created').length).toBeGreaterThanOrEqual(
      WRITERS * TICKETS_PER_WRITER - WRITERS,
    );
  }, 180_000);
});
