/**
 * What "resolved" counts in the tickets report, next to the dashboard's "resolved today": a change from
 * Open or Pending to Resolved or Closed, a custom status counting as the status it maps to; over the
 * report's range (by default the last seven days) against the dashboard's today. On SQLite and
 * PostgreSQL, on the manual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';

type Counts = { created: number; resolved: number; reopened: number; backlog: number };

describe.each<DbKind>(['sqlite', 'postgres'])('resolved in the tickets report and on the dashboard (%s)', (kind) => {
  let desk: Desk;
  const tickets = (query: Record<string, string>) =>
    desk.seed.admin<{ totals: Counts }>('GET', `/v1/reports/tickets?${new URLSearchParams({ tz: 'UTC', ...query })}`);
  const dashboard = () => desk.seed.admin<{ today: Counts }>('GET', '/v1/dashboard?tz=UTC');

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    const s = desk.seed;
    const acme = await s.company('Acme');
    await s.admin('POST', '/v1/statuses', { name: 'Fixed', mapsTo: 'resolved' });
    await s.admin('POST', '/v1/statuses', { name: "Vendor's turn", mapsTo: 'pending' });
    const status = (id: number, body: Record<string, string>) => s.admin('PATCH', `/v1/tickets/${id}`, body);
    // Two days ago: two tickets resolved.
    await s.setClock('2027-06-08T10:00:00Z');
    for (const title of ['Old A', 'Old B']) await status(await s.ticket(acme, { title }), { status: 'resolved' });
    // Today: one resolved, one set to the custom "Fixed" from the custom "Vendor's turn", one
    // reopened from "Fixed".
    await s.setClock('2027-06-10T09:00:00Z');
    await status(await s.ticket(acme, { title: 'Today A' }), { status: 'resolved' });
    const b = await s.ticket(acme, { title: 'Today B' });
    await status(b, { customStatus: "Vendor's turn" });
    await status(b, { customStatus: 'Fixed' });
    const c = await s.ticket(acme, { title: 'Today C' });
    await status(c, { customStatus: 'Fixed' });
    await status(c, { status: 'open' });
    await s.setClock('2027-06-10T12:00:00Z');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('counts a change to a custom status as the status it maps to', async () => {
    const today = await tickets({ from: '2027-06-10', to: '2027-06-10' });
    expect(today.totals).toMatchObject({ created: 3, resolved: 3, reopened: 1, backlog: 1 });
  });

  it('agrees with the dashboard over today; the default range is the last seven days', async () => {
    const today = await tickets({ from: '2027-06-10', to: '2027-06-10' });
    expect((await dashboard()).today).toMatchObject({ created: 3, resolved: today.totals.resolved });
    // No range: the seven days up to today, so the two tickets of the 8th count too.
    expect((await tickets({})).totals).toMatchObject({ created: 5, resolved: 5, reopened: 1, backlog: 1 });
  });
});
