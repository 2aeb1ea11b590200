/**
 * The technicians report's time Available, Away, RONA and Offline, from the availability history the
 * status changes write, on the manual clock: spans clipped to the range (cut in the zone given), the
 * range measured up to now, Offline from a technician's creation to their first state; on SQLite and
 * PostgreSQL.
 *
 * Timeline (UTC), 2027-05-01: 08:00 Ana and Bo are created (Offline); 09:00 Ana Available; 12:00 Away
 * ("Lunch"); 12:30 Available (and Available again at 13:00, which changes nothing); 17:00 Offline;
 * 2027-05-02 08:00 Available; now is 2027-05-02 10:00. Bo never sets a state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import type { SeededTechnician } from '../helpers/seed.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
type Report = { totals: Record<string, unknown>; rows: Array<Record<string, unknown>> };
const times = (availableMs: number, awayMs: number, offlineMs: number) => ({
  availableMs,
  awayMs,
  ronaMs: 0,
  offlineMs,
});

describe.each<DbKind>(['sqlite', 'postgres'])('technicians report: time in each availability state (%s)', (kind) => {
  let desk: Desk;
  let ana: SeededTechnician;
  let bo: SeededTechnician;
  const report = (query: Record<string, string>, token = desk.adminToken) =>
    desk.seed.ok<Report>(token, 'GET', `/v1/reports/technicians?${new URLSearchParams(query)}`);

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    const s = desk.seed;
    const at = (iso: string) => s.setClock(iso);
    await at('2027-05-01T08:00:00Z');
    ana = await s.technician('Ana Avail');
    bo = await s.technician('Bo Busy');
    await at('2027-05-01T09:00:00Z');
    await s.status(ana.token, 'available');
    await at('2027-05-01T12:00:00Z');
    await s.ok(ana.token, 'PUT', '/v1/status', { state: 'away', reason: 'Lunch' });
    await at('2027-05-01T12:30:00Z');
    await s.status(ana.token, 'available');
    await at('2027-05-01T13:00:00Z');
    await s.status(ana.token, 'available');
    await at('2027-05-01T17:00:00Z');
    await s.status(ana.token, 'offline');
    await at('2027-05-02T08:00:00Z');
    await s.status(ana.token, 'available');
    await at('2027-05-02T10:00:00Z');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('adds up each state within a range that reaches past now, from the technician’s creation', async () => {
    const r = await report({ from: '2027-05-01', to: '2027-05-03', tz: 'UTC' });
    // Available 09:00–12:00, 12:30–17:00 and 08:00–10:00 the next day; Away 12:00–12:30; Offline
    // 08:00–09:00 and 17:00–08:00. Bo was Offline throughout and has no other figure: no row.
    expect(r.rows).toEqual([
      expect.objectContaining({ label: 'Ana Avail', ...times(9.5 * HOUR, 30 * MIN, 16 * HOUR) }),
    ]);
    expect(r.totals).toMatchObject(times(9.5 * HOUR, 30 * MIN, 16 * HOUR));
  });

  it('clips the spans to the range’s start and end, cut in the zone given', async () => {
    // The 2nd in UTC: Offline from midnight (the span began the day before) to 08:00, then Available.
    const second = await report({ from: '2027-05-02', to: '2027-05-02', tz: 'UTC' });
    expect(second.rows).toEqual([expect.objectContaining({ label: 'Ana Avail', ...times(2 * HOUR, 0, 8 * HOUR) })]);
    // The 1st in Berlin (UTC+2): 04-30 22:00Z to 05-01 22:00Z, so the Offline span from 17:00 ends there.
    const berlin = await report({ from: '2027-05-01', to: '2027-05-01', tz: 'Europe/Berlin' });
    expect(berlin.rows).toEqual([
      expect.objectContaining({ label: 'Ana Avail', ...times(7.5 * HOUR, 30 * MIN, 6 * HOUR) }),
    ]);
    // A range wholly after now measures nothing.
    const future = await report({ from: '2027-05-03', to: '2027-05-04', tz: 'UTC' });
    expect(future.rows).toEqual([]);
    expect(future.totals).toMatchObject(times(0, 0, 0));
  });

  it('without the reports right a technician sees their own times only', async () => {
    const own = await report({ from: '2027-05-01', to: '2027-05-03', tz: 'UTC' }, ana.token);
    expect(own.rows.map((row) => row.label)).toEqual(['Ana Avail']);
    const other = await report({ from: '2027-05-01', to: '2027-05-03', tz: 'UTC' }, bo.token);
    expect(other.rows).toEqual([]);
    expect(other.totals).toMatchObject(times(0, 0, 0));
  });

  it('desk report technicians --json and --csv name the times with their unit', async () => {
    const args = ['report', 'technicians', '--from', '2027-05-01', '--to', '2027-05-03', '--tz', 'UTC'];
    const json = await desk.run([...args, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).rows[0]).toMatchObject(times(9.5 * HOUR, 30 * MIN, 16 * HOUR));
    const csv = await desk.run([...args, '--csv']);
    expect(csv.code).toBe(0);
    const [head, row] = csv.stdout.split('\n');
    const cells = Object.fromEntries((head ?? '').split(',').map((h, i) => [h, row?.split(',')[i]]));
    expect(cells).toMatchObject({
      availableMs: String(9.5 * HOUR),
      awayMs: String(30 * MIN),
      ronaMs: '0',
      offlineMs: String(16 * HOUR),
    });
  });
});
