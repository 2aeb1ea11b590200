/**
 * `desk report technicians|satisfaction|time`, scoping and bad input on known data (see test/helpers/report-data.desk.ts for the timeline), every figure worked out by
 * hand, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbKind } from '../helpers/desk.js';
import { seedReportDesk, MIN, HOUR, TZ, RANGE, dayRow, type Report, type ReportDesk } from '../helpers/report-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])(
  'reports of technicians, satisfaction and time; scoping (%s, manual clock)',
  (kind) => {
    let data: ReportDesk;
    beforeAll(async () => {
      data = await seedReportDesk(kind);
    });
    afterAll(async () => {
      await data?.desk.close();
    });
    const report: ReportDesk['report'] = (...args) => data.report(...args);

    it('technicians: resolved, first response, chats, RONA and tracked time per technician', async () => {
      const r = await report('technicians');
      expect(r.rows).toEqual([
        {
          key: String(data.rita.id),
          label: 'Rita Reports',
          resolved: 0,
          firstResponses: 1,
          firstResponseP50Ms: 130 * MIN,
          chatsHandled: 0,
          rona: 0,
          trackedMs: 30 * MIN,
          billableMs: 0,
          nonBillableMs: 30 * MIN,
          // Never set a state: Offline from the range's start to now (03-15 09:00Z), 52 hours.
          availableMs: 0,
          awayMs: 0,
          ronaMs: 0,
          offlineMs: 52 * HOUR,
        },
        {
          key: String(data.tom.id),
          label: 'Tom Tech',
          resolved: 2,
          firstResponses: 2,
          firstResponseP50Ms: 40 * MIN,
          chatsHandled: 1,
          rona: 1,
          trackedMs: HOUR,
          billableMs: HOUR,
          nonBillableMs: 0,
          // Available since before the range; RONA from the offer's timeout (handled when the clock
          // passed it, 03-14 14:02:01) until Available again at 14:05; measured up to now (03-15 09:00Z).
          availableMs: 52 * HOUR - 179_000,
          awayMs: 0,
          ronaMs: 179_000,
          offlineMs: 0,
        },
      ]);
      expect(r.totals).toEqual({
        resolved: 2,
        firstResponses: 3,
        firstResponseP50Ms: 50 * MIN,
        chatsHandled: 1,
        rona: 1,
        trackedMs: 90 * MIN,
        billableMs: HOUR,
        nonBillableMs: 30 * MIN,
        availableMs: 52 * HOUR - 179_000,
        awayMs: 0,
        ronaMs: 179_000,
        offlineMs: 52 * HOUR,
      });
    });

    it('satisfaction: ratings, distribution, average, response rate, the lowest with comments', async () => {
      const r = await report('satisfaction');
      const empty = { ratings: 0, average: null, rating1: 0, rating2: 0, rating3: 0, rating4: 0, rating5: 0 };
      expect(r.rows).toEqual([
        dayRow(0, { ...empty, ratings: 1, average: 5, rating5: 1, resolved: 1, responseRate: 1 }),
        dayRow(1, { ...empty, resolved: 0, responseRate: null }),
        dayRow(2, { ...empty, ratings: 1, average: 2, rating2: 1, resolved: 1, responseRate: 1 }),
      ]);
      expect(r.totals).toMatchObject({
        ratings: 2,
        average: 3.5,
        rating2: 1,
        rating5: 1,
        resolved: 2,
        responseRate: 1,
      });
      expect(r.lowest).toEqual([
        {
          ticketId: expect.any(Number),
          title: 'Mail bounce',
          rating: 2,
          comment: 'Too slow',
          ratedAt: '2027-03-15T08:00:00.000Z',
        },
        {
          ticketId: expect.any(Number),
          title: 'Printer jam',
          rating: 5,
          comment: 'Great',
          ratedAt: '2027-03-14T03:30:00.000Z',
        },
      ]);
    });

    it('time: tracked, billable and not, amounts, cut on New York days', async () => {
      const r = await report('time');
      const zero = { entries: 0, durationMs: 0, billableMs: 0, nonBillableMs: 0, amountCents: 0 };
      expect(r.rows).toEqual([
        dayRow(0, { entries: 1, durationMs: HOUR, billableMs: HOUR, nonBillableMs: 0, amountCents: 6000 }),
        dayRow(1, { entries: 1, durationMs: 30 * MIN, billableMs: 0, nonBillableMs: 30 * MIN, amountCents: 0 }),
        dayRow(2, zero),
      ]);
      expect(r.totals).toEqual({
        entries: 2,
        durationMs: 90 * MIN,
        billableMs: HOUR,
        nonBillableMs: 30 * MIN,
        amountCents: 6000,
      });
    });

    it('scoping: without the reports right a technician sees their own figures and their companies’ only', async () => {
      const tickets = await report('tickets', {}, data.tom.token);
      expect(tickets.totals).toMatchObject({ created: 2, resolved: 2, reopened: 1, backlog: 2, firstResponses: 2 });
      const sla = await report('sla', { list: 'true' }, data.tom.token);
      expect(sla.totals).toMatchObject({ responseMet: 2, responseBreached: 0, resolutionBreached: 0 });
      expect(sla.breached).toEqual([]);
      const techs = await report('technicians', {}, data.tom.token);
      expect(techs.rows.map((row) => row.label)).toEqual(['Tom Tech']);
      expect(techs.totals).toMatchObject({ resolved: 2, firstResponses: 2, trackedMs: HOUR });
      const time = await report('time', {}, data.tom.token);
      expect(time.totals).toMatchObject({ entries: 1, durationMs: HOUR });
      const byCompany = await report('tickets', { by: 'company' }, data.tom.token);
      expect(byCompany.rows.map((row) => row.label)).toEqual(['Acme']);
      const foreign = await report('tickets', { company: String(data.globex) }, data.tom.token);
      expect(foreign.totals).toMatchObject({ created: 0, backlog: 0 });

      for (const name of ['tickets', 'sla', 'chats', 'technicians', 'satisfaction', 'time']) {
        const r = await report(name, {}, data.nora.token);
        const numbers = Object.values(r.totals).filter((v) => typeof v === 'number' && v !== 0);
        expect(numbers, name).toEqual([]);
      }
      // `desk admin technicians reports` gives the right and takes it back.
      const granted = await data.desk.run(['admin', 'technicians', 'reports', String(data.nora.id)]);
      expect(granted).toMatchObject({ code: 0, stderr: `✓ Technician ${data.nora.id} may now see every report\n` });
      expect((await report('tickets', {}, data.nora.token)).totals).toMatchObject({ created: 3, backlog: 3 });
      expect((await data.desk.run(['admin', 'technicians', 'reports', String(data.nora.id), '--revoke'])).code).toBe(0);
      expect((await report('tickets', {}, data.nora.token)).totals).toMatchObject({ created: 0, backlog: 0 });
      // The reports right sees what an admin sees.
      expect((await report('tickets', {}, data.rita.token)).totals).toEqual((await report('tickets')).totals);
      expect((await report('sla', {}, data.rita.token)).totals).toEqual((await report('sla')).totals);
    });

    it('refuses bad input: an unknown zone, a reversed range, a grouping a report lacks; only admins grant', async () => {
      const bad: Array<Record<string, string>> = [
        { tz: 'Mars/Olympus' },
        { from: '2027-03-15', to: '2027-03-13' },
        { by: 'queue' },
        { from: '2027-02-30' },
      ];
      for (const q of bad) {
        const res = await data.desk.seed.call(
          data.desk.adminToken,
          'GET',
          `/v1/reports/tickets?${new URLSearchParams({ ...RANGE, ...q })}`,
        );
        expect(res.status, JSON.stringify(q)).toBe(400);
      }
      const res = await data.desk.seed.call(data.tom.token, 'PUT', `/v1/technicians/${data.nora.id}/reports`, {
        allowed: true,
      });
      expect(res.status).toBe(403);
    });

    it('desk report tickets --json through the command, with --by, --tz and the range', async () => {
      const r = await data.desk.json<Report>([
        'report',
        'tickets',
        '--from',
        '2027-03-13',
        '--to',
        '2027-03-15',
        '--tz',
        TZ,
      ]);
      expect(r.totals).toMatchObject({ created: 3, resolved: 2, reopened: 1, backlog: 3 });
      const sla = await data.desk.run(
        ['report', 'sla', '--from', '2027-03-13', '--to', '2027-03-15', '--tz', TZ, '--by', 'day', '--list'],
        { tty: { columns: 80 }, env: { NO_COLOR: '1' } },
      );
      expect(sla.code).toBe(0);
      expect(sla.stdout).toContain('Met 3   Breached 2   Met rate 60%');
      expect(sla.stdout).toMatch(
        /\nBreached\n#\d+ {2}high {2}resolution {2}2027-03-14 19:00Z {2}VPN down \(Globex\)\n/,
      );
      const csv = await data.desk.run([
        'report',
        'time',
        '--from',
        '2027-03-13',
        '--to',
        '2027-03-15',
        '--tz',
        TZ,
        '--csv',
      ]);
      expect(csv.code).toBe(0);
      expect(csv.stdout.split('\n').slice(0, 2)).toEqual([
        'key,label,start,end,entries,durationMs,billableMs,nonBillableMs,amountCents',
        '2027-03-13,2027-03-13,2027-03-13T05:00:00.000Z,2027-03-14T05:00:00.000Z,1,3600000,3600000,0,6000',
      ]);
    });
  },
);
