/**
 * The dashboard slice: the snapshot, then the events after it — waiting customers, chats in
 * progress, availability and RONA, SLA deadlines and today's counters — without counting an event
 * the snapshot already holds, and starting the counters again at midnight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Dashboard } from '../../src/core/dashboard.js';
import { dayBounds } from '../../src/core/dashboard.js';
import type { Ticket } from '../../src/core/schemas.js';
import { DashboardPane } from '../../src/tui/components/DashboardPane.js';
import { dashboardView } from '../../src/tui/dashboard-view.js';
import type { Action } from '../../src/tui/reducer.js';
import type { State } from '../../src/tui/state.js';
import {
  ME,
  NOW,
  activeChat,
  chat,
  event,
  iso,
  lines,
  presence,
  renderTui,
  settle,
  stateWith,
  ticket,
} from './fixtures.js';

const HOUR = 3_600_000;
const DAY_START = Date.parse('2030-01-01T00:00:00.000Z');
const DAY_END = DAY_START + 24 * HOUR;

function snapshot(over: Partial<Dashboard> = {}): Dashboard {
  return {
    seq: 100,
    now: iso(NOW),
    tz: 'UTC',
    dayStart: iso(DAY_START),
    dayEnd: iso(DAY_END),
    chats: [
      chat(1, { requestedAt: iso(NOW - 125_000) }),
      activeChat(2, { queue: { id: 2, name: 'billing' } }),
      chat(9, { state: 'ended', endedAt: iso(NOW - 1000) }),
    ],
    technicians: [
      { technician: { id: ME.id, name: ME.name }, state: 'available', since: iso(NOW - HOUR), maxChats: 3 },
      { technician: { id: 7, name: 'Kim Lee' }, state: 'offline', since: iso(NOW - HOUR), maxChats: null },
    ],
    slaDue: [
      {
        ticket: { id: 40, title: 'Mail is down' },
        company: { id: 1, name: 'Northwind Traders' },
        priority: 'high',
        target: 'response',
        dueAt: iso(NOW + 20 * 60_000),
      },
      {
        ticket: { id: 41, title: 'Later' },
        company: { id: 1, name: 'Northwind Traders' },
        priority: 'low',
        target: 'resolution',
        dueAt: iso(NOW + 5 * HOUR),
      },
    ],
    today: { created: 4, resolved: 2, chats: 3, rona: 1, ratings: [{ ticketId: 30, rating: 5 }] },
    ...over,
  };
}

const loaded = (d = snapshot()): Action => ({ type: 'dashboard.loaded', dashboard: d });
const ev = (type: string, data: Record<string, unknown>, seq: number, at = NOW): Action => ({
  type: 'event',
  event: event(type, data, at),
  seq,
  at,
});
const view = (s: State, now = NOW) => dashboardView(s.dashboard!, now, s.directory.queues);

function withSla(t: Ticket, dueInMs: number, status: 'running' | 'met' = 'running'): Ticket {
  const target = {
    targetMs: HOUR,
    dueAt: iso(NOW + dueInMs),
    leftMs: dueInMs,
    metAt: status === 'met' ? iso(NOW) : null,
    met: status === 'met',
    breached: false,
    status,
  };
  return { ...t, sla: { clock: 'running', response: target, resolution: null, breached: false, leftMs: dueInMs } };
}

describe('dashboard slice', () => {
  it('shows the snapshot: waiting with the longest wait, chats per queue, technicians, the next hour of SLA, today', () => {
    const v = view(stateWith(loaded()));
    expect(v).toMatchObject({ waiting: 1, longestWaitMs: 125_000, active: 1 });
    expect(v.queues).toEqual([
      { name: 'billing', waiting: 0, active: 1 },
      { name: 'default', waiting: 1, active: 0 },
    ]);
    expect(v.technicians.map((t) => [t.name, t.state, t.activeChats, t.maxChats])).toEqual([
      [ME.name, 'available', 1, 3],
      ['Kim Lee', 'offline', 0, null],
    ]);
    expect(v.slaSoon.map((x) => x.ticket.id)).toEqual([40]);
    expect(v.today).toEqual({ created: 4, resolved: 2, chats: 3, rona: 1, ratings: 1, averageRating: 5 });
  });

  it('adds a new waiting customer and counts the chat; ignores what the snapshot already holds', () => {
    const s = stateWith(
      loaded(),
      // Already in the snapshot (seq ≤ 100): neither waits twice nor counts again.
      ev('chat.requested', { chat: chat(1, { requestedAt: iso(NOW - 125_000) }) }, 99),
      ev('chat.requested', { chat: chat(3, { requestedAt: iso(NOW - 5000) }) }, 101),
    );
    const v = view(s);
    expect(v.waiting).toBe(2);
    expect(v.longestWaitMs).toBe(125_000);
    expect(v.today.chats).toBe(4);
  });

  it('follows a request through offer, acceptance and end', () => {
    const offered = chat(3, { state: 'offered', offeredTo: { id: 7, name: 'Kim Lee' } });
    let s = stateWith(
      loaded(),
      ev('chat.requested', { chat: chat(3) }, 101),
      ev('chat.offered', { chat: offered, offer: { technicianId: 7, expiresAt: iso(NOW + 60_000) } }, 102),
    );
    expect(view(s).waiting).toBe(2);
    const accepted = activeChat(3, { owner: { id: 7, name: 'Kim Lee' } });
    s = stateWith(loaded(), ev('chat.updated', { chat: accepted }, 103));
    expect(view(s)).toMatchObject({ waiting: 1, active: 2 });
    expect(view(s).technicians.find((t) => t.id === 7)?.activeChats).toBe(1);
    s = stateWith(loaded(), ev('chat.updated', { chat: { ...accepted, state: 'ended' } }, 104));
    expect(view(s)).toMatchObject({ waiting: 1, active: 1 });
    // The customer left before anyone answered.
    s = stateWith(loaded(), ev('chat.updated', { chat: chat(1, { state: 'ended' }) }, 105));
    expect(view(s)).toMatchObject({ waiting: 0, longestWaitMs: null });
  });

  it('shows a RONA: the technician’s state and today’s RONA count', () => {
    const rona = { ...presence('rona'), technician: { id: 7, name: 'Kim Lee' } };
    const s = stateWith(
      loaded(),
      ev('chat.notice', { chatId: 1, technicianId: 7, kind: 'rona', text: 'You did not answer' }, 101),
      ev('technician.status', { presence: rona }, 102),
    );
    const v = view(s);
    expect(v.today.rona).toBe(2);
    expect(v.states).toEqual({ available: 1, away: 0, offline: 0, rona: 1 });
    // RONA first: who needs a lead's attention.
    expect(v.technicians[0]).toMatchObject({ name: 'Kim Lee', state: 'rona' });
  });

  it('counts tickets created and resolved, and averages today’s ratings (rating again replaces)', () => {
    const s = stateWith(
      loaded(),
      ev('ticket.created', { ticket: ticket(50) }, 101),
      ev('ticket.updated', { ticket: ticket(50, { status: 'resolved' }), changes: ['status'] }, 102),
      ev('ticket.updated', { ticket: ticket(50, { status: 'resolved' }), changes: ['priority'] }, 103),
      ev('ticket.rated', { ticketId: 50, rating: 2 }, 104),
      ev('ticket.rated', { ticketId: 50, rating: 4 }, 105),
    );
    expect(view(s).today).toEqual({ created: 5, resolved: 3, chats: 3, rona: 1, ratings: 2, averageRating: 4.5 });
  });

  it('keeps SLA deadlines from ticket events: new ones enter, met and breached ones leave, time brings others in', () => {
    let s = stateWith(loaded(), ev('ticket.updated', { ticket: withSla(ticket(42), 50 * 60_000), changes: [] }, 101));
    expect(view(s).slaSoon.map((x) => [x.ticket.id, x.target])).toEqual([
      [40, 'response'],
      [42, 'response'],
    ]);
    s = stateWith(
      loaded(),
      ev('ticket.commented', { ticket: withSla(ticket(40), 20 * 60_000, 'met'), changes: [] }, 101),
      ev('sla.breached', { ticketId: 41, target: 'resolution', ticket: ticket(41) }, 102),
    );
    expect(view(s).slaSoon).toEqual([]);
    // Ticket 41 (due in 5 h) shows once it is within the hour (40 stays, due now, until its breach is announced).
    expect(view(stateWith(loaded()), NOW + 4.5 * HOUR).slaSoon.map((x) => x.ticket.id)).toEqual([40, 41]);
  });

  it('starts the counters again after midnight', () => {
    const s = stateWith(loaded());
    expect(view(s, DAY_END + 1000).today).toMatchObject({ created: 0, chats: 0, rona: 0, averageRating: null });
    const next = stateWith(loaded(), ev('ticket.created', { ticket: ticket(60) }, 101, DAY_END + 5000));
    expect(view(next, DAY_END + 6000).today).toMatchObject({ created: 1, resolved: 0, ratings: 0 });
    expect(next.dashboard?.dayEnd).toBe(DAY_END + 24 * HOUR);
  });

  it('ignores events until the snapshot is loaded', () => {
    const s = stateWith(ev('ticket.created', { ticket: ticket(60) }, 101));
    expect(s.dashboard).toBeNull();
  });
});

describe('dayBounds', () => {
  it('cuts the day at local midnight, daylight-saving days included', () => {
    expect(dayBounds(Date.parse('2030-01-01T12:00:00Z'), 'UTC')).toEqual({
      start: Date.parse('2030-01-01T00:00:00Z'),
      end: Date.parse('2030-01-02T00:00:00Z'),
    });
    // 2026-03-29 in Berlin has 23 hours (CET → CEST at 02:00).
    const spring = dayBounds(Date.parse('2026-03-29T10:00:00Z'), 'Europe/Berlin');
    expect(spring).toEqual({ start: Date.parse('2026-03-28T23:00:00Z'), end: Date.parse('2026-03-29T22:00:00Z') });
    // 2026-11-01 in New York has 25 hours (EDT → EST); 03:30 UTC is still the 31st there.
    expect(dayBounds(Date.parse('2026-11-01T03:30:00Z'), 'America/New_York').start).toBe(
      Date.parse('2026-10-31T04:00:00Z'),
    );
    const fall = dayBounds(Date.parse('2026-11-01T12:00:00Z'), 'America/New_York');
    expect(fall).toEqual({ start: Date.parse('2026-11-01T04:00:00Z'), end: Date.parse('2026-11-02T05:00:00Z') });
  });
});

describe('DashboardPane', () => {
  afterEach(() => cleanup());

  it('renders the dashboard at 80 columns: waiting, today, technicians, queues, SLA', () => {
    const s = stateWith(loaded(), { type: 'focus', pane: 'dashboard' });
    const frame = renderTui(<DashboardPane width={80} height={20} focused />, s).lastFrame()!;
    const rows = lines(frame);
    expect(rows).toHaveLength(20);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
    expect(rows[0]).toBe('Dashboard  1 waiting · longest 2:05 · 1 in progress');
    expect(rows[1]).toContain('Today  created 4 · resolved 2 · chats 3 · RONA 1 · rating 5.0 (1)');
    expect(rows[3]).toContain('Technicians  1 available · 0 away · 0 RONA · 1 offline');
    expect(rows[4]).toMatch(/^ {2}Sam Rivera +● Available +1\/3 chats$/);
    expect(rows[5]).toMatch(/^ {2}Kim Lee +○ Offline +0 chats$/);
    expect(rows[7]).toMatch(/^Queues +waiting +in progress$/);
    expect(rows[8]).toMatch(/^ {2}billing +0 +1$/);
    expect(rows[9]).toMatch(/^ {2}default +1 +0$/);
    expect(rows[11]).toContain('SLA breaks within the hour  1');
    expect(rows[12]).toMatch(/^ {2}#40 Mail is down +Northwind Traders +response in 20:00$/);
    expect(frame).not.toContain('#41');
  });

  it('updates from events: a new waiting customer, then a RONA', async () => {
    const r = renderTui(<DashboardPane width={80} height={20} focused />, stateWith(loaded()));
    r.store.dispatch(ev('chat.requested', { chat: chat(3, { requestedAt: iso(NOW - 1000) }) }, 101));
    await settle();
    expect(lines(r.lastFrame())[0]).toContain('2 waiting · longest 2:05');
    r.store.dispatch(ev('chat.notice', { chatId: 3, technicianId: ME.id, kind: 'rona', text: 'RONA' }, 102));
    r.store.dispatch(ev('technician.status', { presence: presence('rona') }, 103));
    await settle();
    const rows = lines(r.lastFrame());
    expect(rows[1]).toContain('RONA 2');
    expect(rows[3]).toContain('0 available · 0 away · 1 RONA · 1 offline');
    // The presence event lifts Sam's limit: chats without a capacity.
    expect(rows[4]).toMatch(/^ {2}Sam Rivera +RONA +1 chat$/);
  });

  it('keeps every list within a short pane, saying how many more there are', () => {
    const technicians = Array.from({ length: 30 }, (_, i) => ({
      technician: { id: 100 + i, name: `Tech ${String(i).padStart(2, '0')}` },
      state: 'available' as const,
      since: iso(NOW),
      maxChats: null,
    }));
    const s = stateWith(loaded(snapshot({ technicians })));
    const frame = renderTui(<DashboardPane width={80} height={16} focused />, s).lastFrame()!;
    const rows = lines(frame);
    expect(rows).toHaveLength(16);
    expect(frame).toMatch(/… \d+ more/);
    expect(frame).toContain('SLA breaks within the hour');
    expect(frame).toContain('#40 Mail is down');
  });

  it('says it is loading before the snapshot arrives', () => {
    const frame = renderTui(<DashboardPane width={80} height={5} focused />, stateWith()).lastFrame()!;
    expect(lines(frame)[0]).toContain('Dashboard  loading…');
  });
});
