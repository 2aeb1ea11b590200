/** `desk report …` in-process: the query sent from the flags, charts at 80 columns, piped, CSV and JSON output. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';

const MIN = 60_000;
const range = { from: '2027-03-13', to: '2027-03-15', tz: 'America/New_York', by: 'day' };
const day = (key: string, start: string, end: string) => ({ key, label: key, start, end });
const days = [
  day('2027-03-13', '2027-03-13T05:00:00.000Z', '2027-03-14T05:00:00.000Z'),
  day('2027-03-14', '2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z'),
  day('2027-03-15', '2027-03-15T04:00:00.000Z', '2027-03-16T04:00:00.000Z'),
];
const ticketFigures = (created: number, resolved: number, reopened: number, backlog: number, resp: number | null) => ({
  created,
  resolved,
  reopened,
  backlog,
  firstResponses: resp === null ? 0 : 1,
  firstResponseP50Ms: resp,
  firstResponseP90Ms: resp,
  firstResponseMeanMs: resp,
  resolutions: 0,
  resolutionP50Ms: null,
  resolutionP90Ms: null,
  resolutionMeanMs: null,
});
const ticketsReport = {
  ...range,
  totals: { ...ticketFigures(6, 2, 1, 3, 50 * MIN), firstResponseP90Ms: 114 * MIN, firstResponseMeanMs: 70 * MIN },
  rows: [
    { ...days[0], ...ticketFigures(4, 1, 0, 4, 30 * MIN) },
    { ...days[1], ...ticketFigures(0, 0, 0, 4, null) },
    { ...days[2], ...ticketFigures(2, 1, 1, 3, 50 * MIN) },
  ],
};
const query = { from: '2027-03-13', to: '2027-03-15', tz: 'America/New_York' };
const ticketsHttp = () => new FakeTransport().on('GET', '/v1/reports/tickets', json(ticketsReport), query);
const args = ['report', 'tickets', '--from', '2027-03-13', '--to', '2027-03-15', '--tz', 'America/New_York'];

describe('desk report tickets', () => {
  it('draws the totals, a sparkline and bars per day within 80 columns on a terminal', async () => {
    const http = ticketsHttp();
    const res = await runCli(args, { tty: true, transport: http });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(EXPECTED_TICKETS);
    for (const line of res.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('colours figures by meaning on a terminal, and not at all with NO_COLOR', async () => {
    const coloured = await runCli(args, { tty: true, transport: ticketsHttp(), env: { NO_COLOR: undefined } });
    expect(coloured.stdout).toContain('\x1b[32m');
    expect(coloured.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toBe(EXPECTED_TICKETS);
    const plain = await runCli(args, { tty: true, transport: ticketsHttp() });
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('prints every figure tab-separated when piped, CSV with a header, and {totals, rows} as JSON', async () => {
    const piped = await runCli(args, { transport: ticketsHttp() });
    expect(piped.stdout.split('\n')[0]).toBe(
      '2027-03-13\t2027-03-13\t2027-03-13T05:00:00.000Z\t2027-03-14T05:00:00.000Z\t4\t1\t0\t4\t1\t1800000\t1800000\t1800000\t0\t\t\t',
    );
    const csv = await runCli([...args, '--csv'], { transport: ticketsHttp() });
    expect(csv.stdout.split('\n')[0]).toBe(
      'key,label,start,end,created,resolved,reopened,backlog,firstResponses,firstResponseP50Ms,firstResponseP90Ms,firstResponseMeanMs,resolutions,resolutionP50Ms,resolutionP90Ms,resolutionMeanMs',
    );
    const out = await runCli([...args, '--json'], { transport: ticketsHttp() });
    expect(JSON.parse(out.stdout)).toEqual(ticketsReport);
  });

  it('sends --by, --company, and resolves today in the zone; refuses bad flags before sending', async () => {
    const http = new FakeTransport().on(
      'GET',
      '/v1/reports/chats',
      json({ ...range, by: 'queue', totals: chatTotals, rows: [] }),
      {
        from: '2030-01-06',
        to: '2030-01-06',
        tz: 'Pacific/Honolulu',
        by: 'queue',
        company: '3',
        queue: 'vip',
      },
    );
    // 2030-01-07 09:00Z is still 2030-01-06 in Honolulu.
    const res = await runCli(
      [
        'report',
        'chats',
        '--from',
        'today',
        '--to',
        'today',
        '--tz',
        'Pacific/Honolulu',
        '--by',
        'queue',
        '--company',
        '3',
        '--queue',
        'vip',
      ],
      { transport: http },
    );
    http.verify();
    expect(res.code).toBe(0);
    for (const bad of [
      ['report', 'tickets', '--tz', 'Mars/Olympus'],
      ['report', 'tickets', '--by', 'queue'],
      ['report', 'tickets', '--from', '2027-02-30'],
      ['report', 'tickets', '--from', '2027-03-15', '--to', '2027-03-13'],
      ['report', 'technicians', '--by', 'day'],
    ]) {
      const empty = new FakeTransport();
      const r = await runCli(bad, { transport: empty });
      expect(r.code, bad.join(' ')).toBe(5);
      expect(empty.requests).toEqual([]);
    }
    expect((await runCli([...args, '--json', '--csv'], { transport: new FakeTransport() })).code).toBe(2);
  });
});

const chatTotals = {
  requests: 3,
  accepted: 1,
  abandoned: 2,
  declined: 1,
  offers: 3,
  rona: 1,
  ronaRate: 1 / 3,
  transfers: 0,
  conferences: 0,
  toTickets: 0,
  waitP50Ms: 30_000,
  waitP90Ms: 30_000,
  waitMaxMs: 30_000,
  handleP50Ms: 60_000,
  handleMeanMs: 60_000,
  wrapups: [
    { label: 'Solved', count: 3, share: 0.75 },
    { label: 'Duplicate', count: 1, share: 0.25 },
  ],
};

describe('desk report chats and satisfaction', () => {
  it('draws wrap-up reasons as bars of their share', async () => {
    const http = new FakeTransport().on(
      'GET',
      '/v1/reports/chats',
      json({
        ...range,
        by: 'company',
        totals: chatTotals,
        rows: [{ key: '1', label: 'Acme', ...chatTotals, wrapups: undefined }],
      }),
    );
    const res = await runCli(['report', 'chats', '--by', 'company', '--tz', 'UTC'], { tty: true, transport: http });
    expect(res.stdout).toBe(EXPECTED_CHATS);
  });

  it('lists the lowest ratings with their comments masked', async () => {
    const zero = {
      ratings: 0,
      average: null,
      rating1: 0,
      rating2: 0,
      rating3: 0,
      rating4: 0,
      rating5: 0,
      resolved: 0,
      responseRate: null,
    };
    const report = {
      ...range,
      totals: {
        ...zero,
        ratings: 2,
        average: 3.5,
        rating2: 1,
        rating5: 1,
        resolved: 2,
        responseRate: 1,
        sentimentPositive: 0,
        sentimentNeutral: 0,
        sentimentNegative: 0,
      },
      rows: [],
      lowest: [
        {
          ticketId: 7,
          title: 'Mail bounce',
          rating: 2,
          comment: 'Call me on +447966197542',
          ratedAt: '2027-03-15T08:00:00.000Z',
        },
      ],
    };
    const res = await runCli(['report', 'satisfaction', '--tz', 'UTC'], {
      tty: true,
      transport: new FakeTransport().on('GET', '/v1/reports/satisfaction', json(report)),
    });
    expect(res.stdout).toContain('#7  2  Mail bounce — “Call me on *********7542”');
    expect(res.stdout).toContain('2 ★★');
  });
});

const EXPECTED_TICKETS = `Tickets 2027-03-13 to 2027-03-15 · America/New_York · by day
Created 6   Resolved 2   Reopened 1   Backlog 3
First response p50 50m   p90 1h54m   mean 1h10m
Resolution p50 –   p90 –   mean –
created per day  █▁▅

DAY         CREATED  RESOLVED  REOPENED  BACKLOG  RESP P50  RES P50  CREATED
2027-03-13        4         1         0        4       30m        –  ███████████
2027-03-14        0         0         0        4         –        –
2027-03-15        2         1         1        3       50m        –  █████▌
`;
const EXPECTED_CHATS = `Chats 2027-03-13 to 2027-03-15 · America/New_York · by company
Requests 3   Accepted 1   Abandoned 2   Declined 1   RONA 1   RONA rate 33%
Transfers 0   Conferences 0   To tickets 0
Queue wait p50 30s   p90 30s   max 30s
Handle time p50 1m   mean 1m

COMPANY  REQ  ACC  ABAND  RONA  WAIT P50  HANDLE  REQUESTS
Acme       3    1      2     1       30s      1m  ████████████████████████

Wrap-up reasons
Solved     ██████████████████████████████            3  75%
Duplicate  ██████████                                1  25%
`;
