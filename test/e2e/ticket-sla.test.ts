import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import {
  advanceClock,
  fixture,
  newTicket,
  type TicketDetailJson,
  type TicketJson,
  type Fixture,
} from '../helpers/ticket-fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Every event the admin may see from the start of the log, until `done` holds. */
function eventsUntil(desk: Desk, done: (events: DeskEvent[]) => boolean): Promise<DeskEvent[]> {
  const stream = new EventStream({ server: desk.server.url, token: desk.adminToken, since: 0 }).start();
  const events: DeskEvent[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.stop();
      reject(new Error(`timed out with ${events.length} events`));
    }, 15_000);
    stream.on('event', (e) => {
      events.push(e);
      if (done(events)) {
        clearTimeout(timer);
        stream.stop();
        resolve(events);
      }
    });
  });
}

describe.each<DbKind>(['sqlite', 'postgres'])('SLA targets and clocks (%s, manual clock)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  const show = (id: number) => desk.json<TicketDetailJson>(['tickets', 'show', String(id)]);

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it.each([
    [
      ['--priority', 'high', '--response', 'soon'],
      '--response must be a duration from 1m to 366d such as 1h or 8h, got "soon"',
    ],
    [
      ['--priority', 'high', '--response', '10s'],
      '--response must be a duration from 1m to 366d such as 1h or 8h, got "10s"',
    ],
    [
      ['--priority', 'high', '--resolution', '400d'],
      '--resolution must be a duration from 1m to 366d such as 1h or 8h, got "400d"',
    ],
    [['--priority', 'urgent', '--response', '1h'], 'unknown --priority "urgent" (valid: low, medium, high, critical)'],
  ])('refuses admin sla set %j with exit 5 and its reason, and changes nothing', async (args, reason) => {
    const res = await desk.run(['admin', 'sla', 'set', ...args]);
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 5, stderr: `error: ${reason}\n` });
    expect(await desk.json(['admin', 'sla', 'list'])).toEqual([]);
  });

  it('refuses SLA input without a target (usage 2) and from a non-admin (4), and changes nothing', async () => {
    expect((await desk.run(['admin', 'sla', 'set', '--priority', 'high'])).code).toBe(2);
    expect(
      (await desk.run(['admin', 'sla', 'set', '--priority', 'high', '--response', '1h'], { token: f.tech.token })).code,
    ).toBe(4);
    expect(await desk.json(['admin', 'sla', 'list'])).toEqual([]);
  });

  it('gives a new ticket the targets of its priority, with due times and time left', async () => {
    await desk.json(['admin', 'sla', 'set', '--priority', 'high', '--response', '1h', '--resolution', '8h']);
    const list = await desk.json<Array<{ priority: string; responseMs: number; resolutionMs: number }>>([
      'admin',
      'sla',
      'list',
    ]);
    expect(list).toEqual([expect.objectContaining({ priority: 'high', responseMs: HOUR, resolutionMs: 8 * HOUR })]);
    const t = await desk.json<TicketJson & { createdAt: string }>([
      'tickets',
      'create',
      '--title',
      'VPN down',
      '--company',
      String(f.company),
      '--priority',
      'high',
    ]);
    expect(t.sla?.clock).toBe('running');
    expect(t.sla?.response).toMatchObject({
      targetMs: HOUR,
      leftMs: HOUR,
      met: false,
      breached: false,
      status: 'running',
    });
    expect(Date.parse(t.sla!.response!.dueAt)).toBe(Date.parse(t.createdAt) + HOUR);
    expect(t.sla?.resolution?.leftMs).toBe(8 * HOUR);
    const low = await desk.json<TicketJson>([
      'tickets',
      'create',
      '--title',
      'no SLA',
      '--company',
      String(f.company),
      '--priority',
      'low',
    ]);
    expect(low.sla).toBeNull();
  });

  it('pauses while Pending and resumes after; breaches fire as events and flag the list', async () => {
    const id = await newTicket(desk, f.company, ['--priority', 'high']);
    const breached = eventsUntil(desk, (es) => es.some((e) => e.type === 'sla.breached' && e.data.ticketId === id));
    await advanceClock(desk, 30 * MIN);
    expect((await desk.run(['tickets', 'update', String(id), '--status', 'pending'])).code).toBe(0);
    await advanceClock(desk, 2 * HOUR);
    let d = await show(id);
    expect(d.sla?.clock).toBe('paused');
    expect(d.sla?.response).toMatchObject({ status: 'paused', leftMs: 30 * MIN, breached: false });
    expect(d.activity.some((a) => a.field.startsWith('sla.'))).toBe(false);
    await desk.json(['tickets', 'update', String(id), '--status', 'open']);
    await advanceClock(desk, 29 * MIN);
    d = await show(id);
    expect(d.sla?.response).toMatchObject({ status: 'running', leftMs: MIN, breached: false });
    await advanceClock(desk, 2 * MIN);
    d = await show(id);
    expect(d.sla?.response).toMatchObject({ status: 'breached', breached: true, leftMs: -MIN });
    expect(d.sla?.breached).toBe(true);
    expect(d.activity.find((a) => a.field === 'sla.response')).toMatchObject({
      newValue: 'breached',
      actor: { name: 'Deskline' },
    });
    const events = await breached;
    const event = events.find((e) => e.type === 'sla.breached' && e.data.ticketId === id)!;
    expect(event.data.target).toBe('response');
    expect(event.companyId).toBe(f.company);
    const flagged = await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--breached']);
    expect(flagged.items.map((t) => t.id)).toContain(id);
    const piped = await desk.run(['tickets', 'list']);
    const row = piped.stdout.split('\n').find((l) => l.startsWith(`${id}\t`))!;
    expect(row.split('\t')).toContain('breached');
  });

  it('pauses for a custom status mapped to Pending', async () => {
    await desk.json(['admin', 'statuses', 'add', 'Waiting on vendor', '--maps-to', 'pending']);
    const id = await newTicket(desk, f.company, ['--priority', 'high']);
    await advanceClock(desk, 10 * MIN);
    const u = await desk.json<TicketJson>(['tickets', 'update', String(id), '--status', 'waiting on vendor']);
    expect(u).toMatchObject({ status: 'pending', customStatus: { name: 'Waiting on vendor', mapsTo: 'pending' } });
    expect(u.sla?.clock).toBe('paused');
    await advanceClock(desk, 5 * HOUR);
    expect((await show(id)).sla?.response).toMatchObject({ status: 'paused', leftMs: 50 * MIN });
  });

  it('a public reply by a technician meets the response target; Resolved meets resolution', async () => {
    const id = await newTicket(desk, f.company, ['--priority', 'high']);
    await desk.json(['tickets', 'note', String(id), '--message', 'internal only']);
    expect((await show(id)).sla?.response?.met).toBe(false);
    await advanceClock(desk, 20 * MIN);
    await desk.json(['tickets', 'reply', String(id), '--message', 'On it'], { token: f.tech.token });
    let d = await show(id);
    expect(d.sla?.response).toMatchObject({ met: true, breached: false, status: 'met', leftMs: null });
    await advanceClock(desk, HOUR);
    await desk.json(['tickets', 'update', String(id), '--status', 'resolved']);
    d = await show(id);
    expect(d.sla?.clock).toBe('stopped');
    expect(d.sla?.resolution).toMatchObject({ met: true, status: 'met' });
    await advanceClock(desk, 10 * HOUR);
    d = await show(id);
    expect(d.sla?.breached).toBe(false);
  });

  it('sorts by time left with --sort sla: breached first, tickets without SLA last', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Sorted Inc'])).id;
    await desk.json(['admin', 'sla', 'set', '--priority', 'critical', '--response', '15m', '--resolution', '4h']);
    const none = await newTicket(desk, company, ['--priority', 'low']);
    const high = await newTicket(desk, company, ['--priority', 'high']);
    const critical = await newTicket(desk, company, ['--priority', 'critical']);
    await advanceClock(desk, 20 * MIN);
    const later = await newTicket(desk, company, ['--priority', 'high']);
    const page = await desk.json<{ items: TicketJson[] }>([
      'tickets',
      'list',
      '--company',
      String(company),
      '--sort',
      'sla',
    ]);
    expect(page.items.map((t) => t.id)).toEqual([critical, high, later, none]);
    expect(page.items[0]!.sla?.breached).toBe(true);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const args = ['tickets', 'list', '--company', String(company), '--sort', 'sla', '--limit', '1'];
      const p: { items: TicketJson[]; nextCursor: string | null } = await desk.json(
        cursor ? [...args, '--cursor', cursor] : args,
      );
      seen.push(...p.items.map((t) => t.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual([critical, high, later, none]);
  });
});

describe.each<DbKind>(['sqlite', 'postgres'])('an SLA breach fires after a restart (%s)', (kind) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk(kind, ['--quiet', '--test-clock']);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('fires the stored deadline on the restarted server without anyone looking', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    await desk.json(['admin', 'sla', 'set', '--priority', 'medium', '--response', '1h']);
    const id = await newTicket(desk, company);
    const port = desk.server.port;
    await desk.server.stop('SIGKILL');
    await desk.server.start(port);
    await advanceClock(desk, HOUR + MIN);
    const events = await eventsUntil(desk, (es) => es.some((e) => e.type === 'sla.breached'));
    expect(events.filter((e) => e.type === 'sla.breached').map((e) => e.data.ticketId)).toEqual([id]);
    const list = await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--breached']);
    expect(list.items.map((t) => t.id)).toEqual([id]);
  });
});
