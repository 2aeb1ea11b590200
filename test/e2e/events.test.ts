import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { startDesk, type Desk } from '../helpers/desk.js';

/** Collects events from a stream until `done` says so. */
function collect(stream: EventStream, done: (events: DeskEvent[]) => boolean): Promise<DeskEvent[]> {
  const events: DeskEvent[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${events.length} events`)), 15_000);
    stream.on('event', (e) => {
      events.push(e);
      if (done(events)) {
        clearTimeout(timer);
        resolve(events);
      }
    });
  });
}

function once<T>(stream: EventStream, name: 'ready' | 'resync'): Promise<T> {
  return new Promise((resolve) => stream.once(name, (v) => resolve(v as T)));
}

describe('the event stream', () => {
  let desk: Desk;
  let company: number;

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('replays after since, then streams live events in order', async () => {
    const stream = new EventStream({ server: desk.server.url, token: desk.adminToken, since: 0 }).start();
    const ready = once<number>(stream, 'ready');
    const got = collect(stream, (es) => es.some((e) => e.type === 'ticket.created'));
    await ready;
    await desk.json(['tickets', 'create', '--title', 'Live one', '--company', String(company)]);
    const events = await got;
    stream.stop();
    expect(events[0]?.type).toBe('technician.created');
    expect(events.map((e) => e.type)).toContain('company.created');
    const created = events.find((e) => e.type === 'ticket.created')!;
    expect((created.data.ticket as { title: string }).title).toBe('Live one');
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('a client that disconnects and reconnects with since misses nothing and sees nothing twice', async () => {
    const first = new EventStream({ server: desk.server.url, token: desk.adminToken, since: 0 }).start();
    const lastSeq = await once<number>(first, 'ready');
    first.stop();
    const titles: string[] = [];
    for (let i = 0; i < 5; i++) {
      titles.push(`offline ${i}`);
      await desk.json(['tickets', 'create', '--title', `offline ${i}`, '--company', String(company)]);
    }
    const second = new EventStream({ server: desk.server.url, token: desk.adminToken, since: lastSeq }).start();
    const got = collect(second, (es) => es.filter((e) => e.type === 'ticket.created').length >= 7);
    await once(second, 'ready');
    titles.push('live 1', 'live 2');
    await desk.json(['tickets', 'create', '--title', 'live 1', '--company', String(company)]);
    await desk.json(['tickets', 'create', '--title', 'live 2', '--company', String(company)]);
    const events = await got;
    second.stop();
    expect(events[0]!.seq).toBe(lastSeq + 1);
    const seen = events
      .filter((e) => e.type === 'ticket.created')
      .map((e) => (e.data.ticket as { title: string }).title);
    expect(seen).toEqual(titles);
    const seqs = events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('filters events to the companies a technician is granted', async () => {
    const other = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Hidden Co'])).id;
    const tech = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Ed',
      '--email',
      'ed@example.com',
    ]);
    await desk.json(['admin', 'grant', String(tech.id), String(company)]);
    const stream = new EventStream({ server: desk.server.url, token: tech.token, since: 0 }).start();
    await once(stream, 'ready');
    const got = collect(stream, (es) =>
      es.some((e) => e.type === 'ticket.created' && (e.data.ticket as { title: string }).title === 'visible'),
    );
    await desk.json(['tickets', 'create', '--title', 'hidden', '--company', String(other)]);
    await desk.json(['tickets', 'create', '--title', 'visible', '--company', String(company)]);
    const events = await got;
    stream.stop();
    expect(events.filter((e) => e.companyId === other)).toEqual([]);
  });

  it('answers resync when since is older than the log keeps', async () => {
    const pruned = await desk.json<{ deleted: number }>(['admin', 'events', 'prune', '--older-than', '0s']);
    expect(pruned.deleted).toBeGreaterThan(0);
    await desk.json(['tickets', 'create', '--title', 'after prune', '--company', String(company)]);
    const stream = new EventStream({ server: desk.server.url, token: desk.adminToken, since: 1 });
    const resynced = once<number>(stream, 'resync');
    const ready = once(stream, 'ready');
    stream.start();
    const resyncSeq = await resynced;
    await ready;
    const got = collect(stream, (es) => es.length >= 1);
    await desk.json(['tickets', 'create', '--title', 'post resync', '--company', String(company)]);
    const [event] = await got;
    stream.stop();
    expect(resyncSeq).toBeGreaterThan(1);
    expect((event!.data.ticket as { title: string }).title).toBe('post resync');
  });

  it('resumes across a server restart without losing events', async () => {
    // A server process of its own, to be killed.
    const desk = await startDesk('sqlite', { server: 'process' });
    onTestFinished(() => desk.close());
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    const stream = new EventStream({
      server: desk.server.url,
      token: desk.adminToken,
      since: 0,
      minBackoffMs: 50,
      maxBackoffMs: 200,
    });
    const ready = once<number>(stream, 'ready');
    stream.start();
    await ready;
    const port = desk.server.port;
    await desk.server.stop('SIGKILL');
    await desk.server.start(port);
    const got = collect(stream, (es) =>
      es.some((e) => e.type === 'ticket.created' && (e.data.ticket as { title: string }).title === 'after restart'),
    );
    await desk.json(['tickets', 'create', '--title', 'after restart', '--company', String(company)]);
    const events = await got;
    stream.stop();
    expect(
      events.filter((e) => e.type === 'ticket.created').map((e) => (e.data.ticket as { title: string }).title),
    ).toEqual(['after restart']);
  });
});
