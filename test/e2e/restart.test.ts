import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('a restart keeps all data (%s)', (kind) => {
  let desk: Desk;
  beforeAll(async () => {
    // A server process, to be killed and stopped with signals.
    desk = await startDesk(kind, { server: 'process' });
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('keeps every acknowledged ticket and comment after SIGKILL', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = await desk.json<{ id: number }>([
        'tickets',
        'create',
        '--title',
        `Durable ${i}`,
        '--company',
        String(company),
      ]);
      ids.push(t.id);
    }
    await desk.json(['tickets', 'reply', String(ids[0]), '--message', 'acknowledged reply', '--status', 'pending']);
    const port = desk.server.port;
    await desk.server.stop('SIGKILL');
    await desk.server.start(port);
    const list = await desk.json<{ items: Array<{ id: number }> }>([
      'tickets',
      'list',
      '--status',
      'all',
      '--limit',
      '100',
    ]);
    expect(list.items.map((t) => t.id).sort((a, b) => a - b)).toEqual(ids);
    const first = await desk.json<{ status: string; comments: Array<{ body: string }> }>([
      'tickets',
      'show',
      String(ids[0]),
    ]);
    expect(first.status).toBe('pending');
    expect(first.comments.map((c) => c.body)).toEqual(['acknowledged reply']);
  });

  it('keeps every ticket acknowledged to 16 concurrent writers when killed in the middle of their commits', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Busy Co'])).id;
    const acknowledged: number[] = [];
    let stop = false;
    let killed: Promise<unknown> | undefined;
    const writer = async (w: number) => {
      for (let k = 0; !stop && k < 200; k++) {
        let res: Response;
        try {
          res = await fetch(`${desk.server.url}/v1/tickets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `Busy ${w}.${k}`, companyId: company }),
          });
        } catch {
          return; // the server is gone: what it did not answer was not acknowledged
        }
        if (res.status !== 201) return;
        acknowledged.push(((await res.json()) as { id: number }).id);
        if (acknowledged.length === 120 && !killed) {
          stop = true;
          killed = desk.server.stop('SIGKILL');
        }
      }
    };
    const port = desk.server.port;
    await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
    await killed;
    await desk.server.start(port);
    const list = await desk.json<{ items: Array<{ id: number }> }>([
      'tickets',
      'list',
      '--status',
      'all',
      '--company',
      String(company),
      '--limit',
      '500',
    ]);
    const stored = new Set(list.items.map((t) => t.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const port = desk.server.port;
    expect(await desk.server.stop('SIGTERM')).toBe(0);
    await desk.server.start(port);
    expect((await desk.run(['whoami'])).code).toBe(0);
  });
});
