/**
 * `desk time report`: totals per ticket, technician and day, as JSON and CSV.
 */
import { describe, expect, it } from 'vitest';
import { MIN, useTimeDesk, type Totals } from '../helpers/time-cli.js';

describe('desk time against a real server with a test clock', () => {
  const td = useTimeDesk('in-process');
  const { ticket, parse } = td;

  it('reports totals per ticket, technician and day as JSON and CSV', async () => {
    const a = await ticket('Report A');
    const b = await ticket('Report B, "quoted"');
    const add = (token: string, id: number, start: string, duration: string, ...extra: string[]) =>
      td.desk.json(['time', 'add', String(id), '--start', start, '--duration', duration, ...extra], { token });
    await add(td.sam.token, a, '2030-01-01T08:00:00Z', '1h', '--rate', '90');
    await add(td.sam.token, a, '2030-01-01T13:00:00Z', '30m', '--rate', '90', '--no-billable');
    await add(td.kim.token, a, '2030-01-02T10:00:00Z', '1h30m', '--rate', '100');
    await add(td.kim.token, b, '2030-01-02T15:00:00Z', '20m', '--rate', '90');
    const range = ['--from', '2030-01-01', '--to', '2030-01-02'];
    const env = { TZ: 'UTC' };
    const report = parse<{
      totals: Totals;
      byTicket: Array<Totals & { ticket: { id: number } }>;
      byTechnician: Array<Totals & { technician: { name: string } }>;
      byDay: Array<Totals & { day: string }>;
    }>(await td.desk.run(['time', 'report', ...range, '--json'], { env }));
    expect(report.totals).toEqual({
      entries: 4,
      durationMs: 200 * MIN,
      billableMs: 170 * MIN,
      nonBillableMs: 30 * MIN,
      amount: 270,
    });
    expect(report.byTicket.map((x) => [x.ticket.id, x.durationMs, x.amount])).toEqual([
      [a, 180 * MIN, 240],
      [b, 20 * MIN, 30],
    ]);
    expect(report.byTechnician.map((x) => [x.technician.name, x.durationMs, x.billableMs, x.amount])).toEqual([
      ['Sam', 90 * MIN, 60 * MIN, 90],
      ['Kim', 110 * MIN, 110 * MIN, 180],
    ]);
    expect(report.byDay.map((x) => [x.day, x.durationMs, x.amount])).toEqual([
      ['2030-01-01', 90 * MIN, 90],
      ['2030-01-02', 110 * MIN, 180],
    ]);
    const kimOnly = parse<{ totals: Totals }>(
      await td.desk.run(['time', 'report', ...range, '--technician', String(td.kim.id), '--json'], { env }),
    );
    expect(kimOnly.totals.durationMs).toBe(110 * MIN);
    const mine = parse<{ totals: Totals }>(
      await td.desk.run(['time', 'report', ...range, '--technician', 'me', '--ticket', String(a), '--json'], {
        token: td.sam.token,
        env,
      }),
    );
    expect(mine.totals).toMatchObject({ entries: 2, durationMs: 90 * MIN, amount: 90 });
    const csv = await td.desk.run(['time', 'report', ...range, '--csv'], { env });
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'group,id,name,entries,hours,billable_hours,non_billable_hours,amount',
      `ticket,${a},Report A,3,3.00,2.50,0.50,240.00`,
      `ticket,${b},"Report B, ""quoted""",1,0.33,0.33,0.00,30.00`,
      `technician,${td.sam.id},Sam,2,1.50,1.00,0.50,90.00`,
      `technician,${td.kim.id},Kim,2,1.83,1.83,0.00,180.00`,
      'day,2030-01-01,,2,1.50,1.00,0.50,90.00',
      'day,2030-01-02,,2,1.83,1.83,0.00,180.00',
      'total,,,4,3.33,2.83,0.50,270.00',
    ]);
    expect((await td.desk.run(['time', 'report', '--csv', '--json'])).code).toBe(2);
  });
});
