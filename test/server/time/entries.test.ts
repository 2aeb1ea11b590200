/**
 * Time entries in the store, on SQLite and PostgreSQL: manual entries and their validation,
 * permissions, the activity log, events, lists, reports, and moving time with a merged ticket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/server/store/store.js';
import type { TestDatabase, DbKind } from '../../helpers/desk.js';
import { showTicket } from '../../../src/server/services/tickets/detail.js';
import {
  createEntry,
  deleteEntry,
  getEntry,
  listEntries,
  moveTicketTime,
  updateEntry,
} from '../../../src/server/services/time/entries.js';
import { startTimer, stopTimer, timerStatus } from '../../../src/server/services/time/timer.js';
import { timeReport } from '../../../src/server/services/time/reports.js';
import { setSetting } from '../../../src/server/services/settings.js';
import type { Actor } from '../../../src/server/services/actor.js';
import { DeskError } from '../../../src/core/errors.js';
import { HOUR, MIN, T0, openTimeDesk, rejectsWith, rowCount } from './time-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('time entries on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let now: number;
  let admin: Actor;
  let sam: Actor;
  let kim: Actor;
  let printer: number;
  let vpn: number;
  let secret: number;

  const advance = (ms: number) => {
    now += ms;
  };
  const count = (table: Parameters<typeof rowCount>[1]) => rowCount(store, table);

  beforeEach(async () => {
    now = T0;
    ({ db, store, admin, sam, kim, printer, vpn, secret } = await openTimeDesk(kind, () => now));
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('adds manual entries from a duration, start and end, or the default setting', async () => {
    now = T0 + 8 * HOUR;
    const byDuration = await createEntry(store, sam, { ticketId: printer, durationMs: 90 * MIN });
    expect(byDuration).toMatchObject({
      durationMs: 90 * MIN,
      endedAt: new Date(now).toISOString(),
      startedAt: new Date(now - 90 * MIN).toISOString(),
      source: 'manual',
      billable: true,
      rate: null,
      amount: 0,
      createdBy: { id: sam.id },
    });
    const bySpan = await createEntry(store, sam, {
      ticketId: printer,
      startedAt: '2026-03-01T10:00:00Z',
      endedAt: '2026-03-01T11:15:00Z',
      rate: 120,
      billable: false,
    });
    expect(bySpan).toMatchObject({ durationMs: 75 * MIN, billable: false, rate: 120, amount: 0 });
    const fromStart = await createEntry(store, sam, {
      ticketId: vpn,
      startedAt: '2026-03-01T13:00:00+01:00',
      durationMs: 20 * MIN,
      rate: 90,
    });
    expect(fromStart).toMatchObject({ endedAt: '2026-03-01T12:20:00.000Z', amount: 30 });
    expect((await createEntry(store, sam, { ticketId: vpn })).durationMs).toBe(15 * MIN);
    await setSetting(store, admin, { key: 'time.default-duration', value: '45m' });
    await setSetting(store, admin, { key: 'time.default-rate', value: '60' });
    expect(await createEntry(store, sam, { ticketId: vpn })).toMatchObject({
      durationMs: 45 * MIN,
      rate: 60,
      amount: 45,
    });
    await rejectsWith(setSetting(store, sam, { key: 'time.default-duration', value: '5m' }), 'forbidden');
    await rejectsWith(setSetting(store, admin, { key: 'time.default-duration', value: 'soon' }), 'invalid');
    await rejectsWith(setSetting(store, admin, { key: 'time.nope', value: '1' }), 'invalid');
    // A repeated client id is stored once.
    const a = await createEntry(store, sam, { ticketId: vpn, durationMs: MIN, clientId: 'c-1' });
    const b = await createEntry(store, sam, { ticketId: vpn, durationMs: MIN, clientId: 'c-1' });
    expect(b.id).toBe(a.id);
  });

  it('refuses bad entries and changes nothing', async () => {
    const before = await Promise.all([count('time_entries'), count('ticket_activity'), count('events')]);
    const bad: Array<[Actor, Record<string, unknown>, string]> = [
      [sam, { ticketId: printer, startedAt: '2026-03-01T11:00:00Z', endedAt: '2026-03-01T10:00:00Z' }, 'invalid'],
      [sam, { ticketId: printer, startedAt: '2026-03-01T11:00:00Z', endedAt: '2026-03-01T11:00:00Z' }, 'invalid'],
      [sam, { ticketId: printer, durationMs: 0 }, 'invalid'],
      [sam, { ticketId: printer, durationMs: -5 * MIN }, 'invalid'],
      [sam, { ticketId: printer, durationMs: 25 * HOUR }, 'invalid'],
      [sam, { ticketId: printer, durationMs: 40 * 24 * HOUR, force: true }, 'invalid'],
      // A ticket that does not exist, or that Sam may not see, is not found (as everywhere else).
      [sam, { ticketId: 9999, durationMs: HOUR }, 'not_found'],
      [sam, { ticketId: secret, durationMs: HOUR }, 'not_found'],
      [sam, { ticketId: printer, durationMs: HOUR, rate: -1 }, 'invalid'],
      [sam, { ticketId: printer, durationMs: HOUR, rate: 1.005 }, 'invalid'],
      [sam, { ticketId: printer, durationMs: HOUR, technicianId: kim.id }, 'forbidden'],
      [admin, { ticketId: printer, durationMs: HOUR, technicianId: 9999 }, 'invalid'],
    ];
    for (const [actor, input, code] of bad) {
      const err = await createEntry(store, actor, input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(input)).toBeDefined();
      // Schema errors are zod errors (the API answers 400 invalid); the rest are DeskErrors.
      if (err instanceof DeskError) expect(err.code, JSON.stringify(input)).toBe(code);
      else expect(code).toBe('invalid');
    }
    expect(await Promise.all([count('time_entries'), count('ticket_activity'), count('events')])).toEqual(before);
    await rejectsWith(startTimer(store, sam, { ticketId: secret }), 'not_found');
    await rejectsWith(startTimer(store, sam, { ticketId: 9999 }), 'not_found');
    expect(await count('time_timers')).toBe(0);
    // Over 24 hours with force is accepted.
    expect((await createEntry(store, sam, { ticketId: printer, durationMs: 25 * HOUR, force: true })).durationMs).toBe(
      25 * HOUR,
    );
    // An admin records time for someone else.
    expect(
      (await createEntry(store, admin, { ticketId: printer, durationMs: HOUR, technicianId: kim.id })).technician,
    ).toEqual({
      id: kim.id,
      name: 'Kim',
    });
  });

  it('lets only the owner or an admin edit or delete, and logs every change', async () => {
    const entry = await createEntry(store, sam, { ticketId: printer, durationMs: HOUR, note: 'first look' });
    await rejectsWith(updateEntry(store, kim, entry.id, { durationMs: 2 * HOUR }), 'forbidden');
    await rejectsWith(deleteEntry(store, kim, entry.id), 'forbidden');
    await rejectsWith(updateEntry(store, sam, entry.id, { technicianId: kim.id }), 'forbidden');
    await rejectsWith(updateEntry(store, sam, 9999, { durationMs: HOUR }), 'not_found');
    await rejectsWith(updateEntry(store, sam, entry.id, { durationMs: 25 * HOUR }), 'invalid');
    await rejectsWith(
      updateEntry(store, sam, entry.id, { startedAt: '2026-03-02T10:00:00Z', endedAt: '2026-03-02T09:00:00Z' }),
      'invalid',
    );
    await rejectsWith(updateEntry(store, sam, entry.id, { ticketId: secret }), 'not_found');
    expect((await getEntry(store.db, kim, entry.id)).durationMs).toBe(HOUR);

    const edited = await updateEntry(store, sam, entry.id, { durationMs: 2 * HOUR, billable: false, note: 'fixed' });
    expect(edited).toMatchObject({ durationMs: 2 * HOUR, billable: false, note: 'fixed', startedAt: entry.startedAt });
    const moved = await updateEntry(store, admin, entry.id, { ticketId: vpn, rate: 50, billable: true });
    expect(moved).toMatchObject({ ticket: { id: vpn }, rate: 50, amount: 100, technician: { id: sam.id } });
    const printerLog = (await showTicket(store, admin, printer)).activity.filter((a) => a.field === 'time');
    expect(printerLog.map((a) => [a.actor.name, a.oldValue, a.newValue])).toEqual([
      ['Sam', null, expect.stringContaining('1h billable')],
      ['Sam', expect.stringContaining('1h billable'), expect.stringContaining('2h non-billable')],
      ['Ada', expect.stringContaining('2h non-billable'), `moved to ticket #${vpn}`],
    ]);
    const vpnDetail = await showTicket(store, admin, vpn);
    expect(vpnDetail.time?.entries.map((e) => e.id)).toEqual([entry.id]);
    expect(vpnDetail.activity.filter((a) => a.field === 'time').map((a) => a.oldValue)).toEqual([
      `moved from ticket #${printer}`,
    ]);

    const removed = await deleteEntry(store, sam, entry.id);
    expect(removed.deleted).toBe(entry.id);
    await rejectsWith(getEntry(store.db, sam, entry.id), 'not_found');
    const last = (await showTicket(store, admin, vpn)).activity.at(-1);
    expect(last).toMatchObject({ field: 'time', newValue: null, actor: { name: 'Sam' } });
    const types = (
      await store.db.selectFrom('events').select('type').where('type', 'like', 'time.entry.%').execute()
    ).map((e) => e.type);
    expect(types).toEqual(['time.entry.created', 'time.entry.updated', 'time.entry.updated', 'time.entry.deleted']);
    // Entries of companies a technician is not granted stay hidden.
    const hiddenEntry = await createEntry(store, admin, { ticketId: secret, durationMs: HOUR });
    await rejectsWith(getEntry(store.db, sam, hiddenEntry.id), 'not_found');
    await rejectsWith(deleteEntry(store, sam, hiddenEntry.id), 'not_found');
  });

  it('lists with filters and cursor pages, and reports totals per ticket, technician and day', async () => {
    const add = (actor: Actor, ticketId: number, start: string, minutes: number, extra: Record<string, unknown> = {}) =>
      createEntry(store, actor, { ticketId, startedAt: start, durationMs: minutes * MIN, ...extra });
    await add(sam, printer, '2026-03-02T08:00:00Z', 60, { rate: 90 });
    await add(sam, printer, '2026-03-02T23:30:00Z', 30, { rate: 90, billable: false });
    await add(kim, printer, '2026-03-03T10:00:00Z', 90, { rate: 100 });
    await add(sam, vpn, '2026-03-03T12:00:00Z', 20, { rate: 90 });
    await add(admin, secret, '2026-03-03T12:00:00Z', 45, { rate: 200 });

    const mine = await listEntries(store.db, sam, { technician: 'me' });
    expect(mine.items.map((e) => e.durationMs)).toEqual([20 * MIN, 30 * MIN, 60 * MIN]);
    expect(mine.totals).toEqual({
      entries: 3,
      durationMs: 110 * MIN,
      billableMs: 80 * MIN,
      nonBillableMs: 30 * MIN,
      amount: 120,
    });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listEntries>> = await listEntries(store.db, admin, {
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await listEntries(store.db, sam, {})).items).toHaveLength(4);
    expect((await listEntries(store.db, sam, { billable: 'false' })).items).toHaveLength(1);
    const day = await listEntries(store.db, sam, { from: '2026-03-03T00:00:00Z', to: '2026-03-04T00:00:00Z' });
    expect(day.items.map((e) => e.ticket.id).sort()).toEqual([printer, vpn].sort());

    const report = await timeReport(store.db, sam, { tz: 'UTC' });
    expect(report.totals).toEqual({
      entries: 4,
      durationMs: 200 * MIN,
      billableMs: 170 * MIN,
      nonBillableMs: 30 * MIN,
      amount: 90 + 150 + 30,
    });
    expect(report.byTicket.map((t) => [t.ticket.id, t.durationMs, t.amount])).toEqual([
      [printer, 180 * MIN, 240],
      [vpn, 20 * MIN, 30],
    ]);
    expect(report.byTechnician.map((t) => [t.technician.name, t.durationMs, t.billableMs, t.amount])).toEqual([
      ['Sam', 110 * MIN, 80 * MIN, 120],
      ['Kim', 90 * MIN, 90 * MIN, 150],
    ]);
    expect(report.byDay.map((d) => [d.day, d.durationMs])).toEqual([
      ['2026-03-02', 90 * MIN],
      ['2026-03-03', 110 * MIN],
    ]);
    // Days follow the time zone asked for: 23:30 UTC is already the next day in Berlin.
    const berlin = await timeReport(store.db, sam, { tz: 'Europe/Berlin' });
    expect(berlin.byDay.map((d) => [d.day, d.durationMs])).toEqual([
      ['2026-03-02', 60 * MIN],
      ['2026-03-03', 140 * MIN],
    ]);
    const filtered = await timeReport(store.db, admin, { technician: kim.id, ticket: printer });
    expect(filtered.totals.durationMs).toBe(90 * MIN);
    await rejectsWith(timeReport(store.db, admin, { tz: 'Mars/Olympus' }), 'invalid');
    await rejectsWith(
      timeReport(store.db, admin, { from: '2026-03-03T00:00:00Z', to: '2026-03-02T00:00:00Z' }),
      'invalid',
    );
  });

  it('moves time entries and timers with a merged ticket', async () => {
    await createEntry(store, sam, { ticketId: printer, durationMs: HOUR });
    await createEntry(store, kim, { ticketId: printer, durationMs: HOUR });
    await startTimer(store, sam, { ticketId: printer });
    const moved = await store.write((scope) => moveTicketTime(scope, admin, printer, vpn));
    expect(moved).toEqual({ entries: 2, timers: 1 });
    expect((await showTicket(store, admin, vpn)).time?.totals.durationMs).toBe(2 * HOUR);
    expect((await showTicket(store, admin, printer)).time?.entries).toEqual([]);
    expect((await timerStatus(store, sam)).timer?.ticket.id).toBe(vpn);
    advance(MIN);
    expect((await stopTimer(store, sam, {})).stopped?.entry?.ticket.id).toBe(vpn);
  });
});
