/** `desk report technicians` on a terminal: the availability times in the headline and the table, within 80 columns. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const figures = (name: string, availableMs: number, awayMs: number, ronaMs: number, offlineMs: number) => ({
  key: name === 'Ana Avail' ? '2' : '3',
  label: name,
  resolved: 3,
  firstResponses: 2,
  firstResponseP50Ms: 40 * MIN,
  chatsHandled: 4,
  rona: 1,
  trackedMs: 2 * HOUR,
  billableMs: HOUR,
  nonBillableMs: HOUR,
  availableMs,
  awayMs,
  ronaMs,
  offlineMs,
});
const ana = figures('Ana Avail', 51 * HOUR + 57 * MIN, 30 * MIN, 3 * MIN, 0);
const bo = figures('Bo Busy', 0, 0, 0, 52 * HOUR);
const report = {
  from: '2027-03-13',
  to: '2027-03-15',
  tz: 'UTC',
  by: 'technician',
  totals: {
    ...ana,
    resolved: 6,
    firstResponses: 4,
    chatsHandled: 8,
    rona: 2,
    trackedMs: 4 * HOUR,
    billableMs: 2 * HOUR,
    nonBillableMs: 2 * HOUR,
    offlineMs: 52 * HOUR,
  },
  rows: [ana, bo],
};
const query = { from: '2027-03-13', to: '2027-03-15', tz: 'UTC' };

describe('desk report technicians', () => {
  it('shows the time Available, Away, in RONA and Offline on a terminal, within 80 columns', async () => {
    const http = new FakeTransport().on('GET', '/v1/reports/technicians', json(report), query);
    const res = await runCli(['report', 'technicians', '--from', '2027-03-13', '--to', '2027-03-15', '--tz', 'UTC'], {
      tty: true,
      transport: http,
    });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(EXPECTED);
    for (const line of res.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });
});

const EXPECTED = `Technicians 2027-03-13 to 2027-03-15 · UTC · by technician
Resolved 6   Chats 8   RONA 2
Tracked 4h   billable 2h   not billable 2h
Available 51h57m   Away 30m   in RONA 3m   Offline 52h

TECHNICIAN  RESOLVED  RESP P50  CHATS  RONA  TRACKED   AVAIL  AWAY  OFFLINE
Ana Avail          3       40m      4     1       2h  51h57m   30m       0s
Bo Busy            3       40m      4     1       2h      0s    0s      52h
`;
