/**
 * The ticket pane and the ticket settings: the status picker with the admin-defined statuses, what a
 * stopped timer says it recorded, the comment key's default type, the timer that starts when a
 * ticket is opened and the question about a running timer when its ticket is closed.
 */
import { describe, expect, it } from 'vitest';
import type { Setting } from '../../../src/core/settings.js';
import type { Stopped, Timer, TimeEntry } from '../../../src/core/time-schemas.js';
import { ME, NOW, detail, iso, ticket } from '../fixtures.js';
import { desk } from './harness.js';

/** The tickets pane with ticket 5 open (and in the list), after these actions. */
const onTicket = (...more: Parameters<typeof desk>) =>
  desk(
    { type: 'tickets.loaded', items: [ticket(5)], nextCursor: null, append: false },
    { type: 'focus', pane: 'tickets' },
    { type: 'ticket.open', id: 5 },
    { type: 'ticket.loaded', detail: detail(ticket(5), []) },
    ...more,
  );

/** The tickets list with ticket 5 selected, no ticket open. */
const onList = (...more: Parameters<typeof desk>) =>
  desk(
    { type: 'tickets.loaded', items: [ticket(5)], nextCursor: null, append: false },
    { type: 'focus', pane: 'tickets' },
    ...more,
  );

const setting = (key: string, value: string): Setting => ({
  key,
  value,
  isDefault: false,
  defaultValue: null,
  description: '',
  updatedAt: null,
  updatedBy: null,
});

function timer(ticketId: number, elapsedMs = 42_000): Timer {
  return {
    technician: { id: ME.id, name: ME.name },
    ticket: { id: ticketId, title: `Ticket number ${ticketId}` },
    company: { id: 1, name: 'Northwind Traders' },
    state: 'running',
    startedAt: iso(NOW - elapsedMs),
    runningSince: iso(NOW - elapsedMs),
    accumulatedMs: 0,
    elapsedMs,
    segments: [{ start: iso(NOW - elapsedMs), end: null }],
  };
}

function stopped(ticketId: number, durationMs: number): Stopped {
  const entry = durationMs > 0 ? ({ id: 70 } as TimeEntry) : null;
  return { ticket: { id: ticketId, title: `Ticket number ${ticketId}` }, durationMs, entry, discarded: false };
}

describe('the status picker', () => {
  it('lists the custom statuses an admin defined, read as it opens, and sets the one chosen', async () => {
    const d = onTicket();
    d.fake.answer('statuses', () => [
      { id: 1, name: 'Waiting on vendor', mapsTo: 'pending' },
      { id: 2, name: 'Fixed in field', mapsTo: 'resolved' },
    ]);
    d.fake.answer('updateTicket', (id) => ticket(id, { status: 'pending' }));
    d.fake.answer('ticket', (id) => detail(ticket(id, { status: 'pending' }), []));
    await d.press('s');
    const modal = d.state().modal;
    expect(modal.kind).toBe('picker');
    if (modal.kind !== 'picker') return;
    expect(modal.options.map((o) => [o.label, o.hint])).toEqual([
      ['Open', undefined],
      ['Pending', undefined],
      ['Resolved', undefined],
      ['Closed', undefined],
      ['Waiting on vendor', 'maps to Pending'],
      ['Fixed in field', 'maps to Resolved'],
    ]);
    await d.press('down', 'down', 'down', 'down', 'return');
    expect(d.fake.sent().find((c) => c.method === 'updateTicket')).toEqual({
      method: 'updateTicket',
      args: [5, { customStatus: 'Waiting on vendor' }],
    });
    expect(d.flash()).toEqual({ text: '#5 is now Waiting on vendor.', tone: 'ok' });
  });

  it('still offers the built-in statuses when the custom ones cannot be read', async () => {
    const d = onTicket();
    d.fake.fail('statuses', new Error('cannot reach the server'));
    d.fake.answer('updateTicket', (id) => ticket(id, { status: 'pending' }));
    d.fake.answer('ticket', (id) => detail(ticket(id, { status: 'pending' }), []));
    await d.press('s');
    await d.press('down', 'return');
    expect(d.fake.sent().find((c) => c.method === 'updateTicket')?.args).toEqual([5, { status: 'pending' }]);
  });
});

describe('stopping the timer from the ticket view', () => {
  it.each([
    [42_000, 'Timer stopped on #5: 42s recorded.'],
    [125_000, 'Timer stopped on #5: 2m5s recorded.'],
    [0, 'Timer stopped on #5: nothing recorded.'],
  ])('after %i ms says what the entry holds', async (ms, text) => {
    const d = onTicket({ type: 'timer', timer: timer(5, ms), at: NOW });
    d.fake.answer('stopTimer', () => ({ timer: null, stopped: stopped(5, ms), unchanged: false }));
    await d.press('t');
    expect(d.flash()).toEqual({ text, tone: 'ok' });
    expect(d.state().timer).toBeNull();
  });
});

describe('the comment key follows tickets.default-reply', () => {
  it.each([
    ['internal', 'note', 'Internal note on #5'],
    ['public', 'reply', 'Public reply on #5'],
  ] as const)('%s: c opens a %s', async (value, kind, title) => {
    const d = onTicket();
    d.fake.answer('settings', () => [setting('tickets.default-reply', value)]);
    await d.press('c');
    expect(d.state().modal).toMatchObject({ kind: 'prompt', title, purpose: { kind: 'comment', comment: kind } });
  });
});

describe('the timer when a ticket is opened (tickets.timer-on-open)', () => {
  it('starts on the ticket opened when on and no timer of mine runs', async () => {
    const d = onList();
    d.fake.answer('settings', () => [setting('tickets.timer-on-open', 'on')]);
    d.fake.answer('ticket', (id) => detail(ticket(id), []));
    d.fake.answer('startTimer', (id) => ({ timer: timer(id, 0), stopped: null, unchanged: false }));
    await d.press('return');
    expect(d.fake.sent().filter((c) => c.method === 'startTimer')).toEqual([{ method: 'startTimer', args: [5] }]);
    expect(d.state().timer?.ticket.id).toBe(5);
    expect(d.flash()).toEqual({ text: 'Timer started on #5 (it starts when a ticket is opened).', tone: 'ok' });
  });

  it('leaves a timer running on another ticket, and starts nothing when off', async () => {
    const d = onList({ type: 'timer', timer: timer(9), at: NOW });
    d.fake.answer('settings', () => [setting('tickets.timer-on-open', 'on')]);
    d.fake.answer('ticket', (id) => detail(ticket(id), []));
    await d.press('return');
    expect(d.fake.sent().filter((c) => c.method === 'startTimer')).toEqual([]);
    expect(d.state().timer?.ticket.id).toBe(9);
    expect(d.flash()).toEqual({ text: 'Your timer runs on #9: not started here.', tone: 'info' });

    const off = onList();
    off.fake.answer('settings', () => [setting('tickets.timer-on-open', 'off')]);
    off.fake.answer('ticket', (id) => detail(ticket(id), []));
    await off.press('return');
    expect(off.fake.sent().filter((c) => c.method === 'startTimer')).toEqual([]);
  });
});

describe('a running timer when its ticket is closed (tickets.timer-on-close)', () => {
  const closing = (rule: string) => {
    const d = onTicket({ type: 'timer', timer: timer(5, 300_000), at: NOW });
    d.fake.answer('settings', () => [setting('tickets.timer-on-close', rule)]);
    d.fake.answer('statuses', () => []);
    d.fake.answer('updateTicket', (id) => ticket(id, { status: 'closed' }));
    d.fake.answer('ticket', (id) => detail(ticket(id, { status: 'closed' }), []));
    return d;
  };
  /** Picks Closed, the fourth status. */
  const close = (d: ReturnType<typeof onTicket>) => d.press('s', 'down', 'down', 'down', 'return');

  it('ask: asks whether to stop it; stopping records its time', async () => {
    const d = closing('ask');
    d.fake.answer('stopTimer', () => ({ timer: null, stopped: stopped(5, 300_000), unchanged: false }));
    await close(d);
    const modal = d.state().modal;
    expect(modal).toMatchObject({ kind: 'picker', title: 'Your timer still runs on #5' });
    if (modal.kind !== 'picker') return;
    expect(modal.options.map((o) => o.label)).toEqual(['Stop it and record the time', 'Keep it running']);
    await d.press('return');
    expect(d.fake.sent().filter((c) => c.method === 'stopTimer')).toHaveLength(1);
    expect(d.state().timer).toBeNull();
    expect(d.flash()).toEqual({ text: 'Timer stopped on #5: 5m recorded.', tone: 'ok' });
  });

  it('ask: keeping it leaves it running', async () => {
    const d = closing('ask');
    await close(d);
    await d.press('down', 'return');
    expect(d.fake.sent().filter((c) => c.method === 'stopTimer')).toEqual([]);
    expect(d.state().timer?.ticket.id).toBe(5);
    expect(d.flash()).toEqual({ text: 'Timer still running on #5.', tone: 'info' });
  });

  it('stop: shows the timer the server stopped; keep: asks nothing', async () => {
    const d = closing('stop');
    d.fake.answer('timer', () => ({ timer: null, now: iso(NOW) }));
    await close(d);
    expect(d.state().modal.kind).toBe('none');
    expect(d.state().timer).toBeNull();

    const k = closing('keep');
    await close(k);
    expect(k.state().modal.kind).toBe('none');
    expect(k.state().timer?.ticket.id).toBe(5);
  });
});
