/** `desk tickets list` in-process: flags to query parameters, output on a terminal and piped, `--json`. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import { me, sam, ticket } from '../../helpers/cli-fixtures.js';

const page = (items = [ticket()], nextCursor: string | null = null) => json({ items, nextCursor });

describe('desk tickets list', () => {
  it('asks for the default list and prints masked JSON with --json', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets', page([ticket()], 'c2'));
    const res = await runCli(['tickets', 'list', '--json'], { transport: http });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.requests[0]?.query).toEqual({ sort: 'created', limit: '30' });
    expect(res.requests[0]?.headers.authorization).toBe('Bearer dsk_test_token');
    const out = JSON.parse(res.stdout) as { items: Array<ReturnType<typeof ticket>>; nextCursor: string };
    expect(out.nextCursor).toBe('c2');
    expect(out.items[0]?.requester).toEqual({
      id: 5,
      name: 'Melissa Grant',
      email: 'm******@gmail.com',
      phone: '*********7542',
    });
  });

  it('turns every filter flag into its query parameter', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets', page([]));
    const res = await runCli(
      [
        'tickets',
        'list',
        '--status',
        'open,Pending',
        '--priority',
        'critical',
        '--priority',
        'high',
        '--type',
        'request',
        '--assignee',
        'me',
        '--company',
        '3',
        '--tag',
        'printer',
        '--search',
        'toner',
        '--sort',
        'SLA',
        '--limit',
        '5',
        '--cursor',
        'c1',
        '--breached',
        '--sentiment',
        'negative,neutral',
        '--field',
        'os=linux',
        '--product-family',
        'LaserJet',
        '--json',
      ],
      { transport: http },
    );
    http.verify();
    expect(res.code).toBe(0);
    expect(res.requests[0]?.query).toEqual({
      status: 'open,pending',
      priority: 'critical,high',
      type: 'request',
      assignee: 'me',
      company: '3',
      tag: 'printer',
      search: 'toner',
      sort: 'sla',
      limit: '5',
      cursor: 'c1',
      breached: 'true',
      sentiment: 'negative,neutral',
      fields: '{"os":"linux"}',
      productFamily: 'LaserJet',
    });
  });

  it.each([
    [['--status', 'Waiting on vendor'], { customStatus: 'Waiting on vendor', status: 'all' }],
    [['--status', 'all'], { status: 'all' }],
    [['--spam'], { spam: 'true', status: 'all' }],
    [['--deleted', '--status', 'closed'], { deleted: 'true', status: 'closed' }],
    [['--assignee', 'none'], { assignee: 'none' }],
  ])('asks with %j', async (flags, query) => {
    const http = new FakeTransport().on('GET', '/v1/tickets', page([]));
    const res = await runCli(['tickets', 'list', ...flags, '--json'], { transport: http });
    http.verify();
    expect(res.requests[0]?.query).toEqual({ sort: 'created', limit: '30', ...query });
  });

  it.each([
    [['--limit', 'ten'], '--limit must be a whole number from 1 to 500'],
    [['--limit', '501'], '--limit must be a whole number from 1 to 500'],
    [['--sort', 'age'], 'unknown --sort "age" (valid: created, updated, priority, sla)'],
    [['--priority', 'urgent'], 'unknown --priority "urgent" (valid: low, medium, high, critical)'],
    [['--type', 'bug'], 'unknown --type "bug"'],
    [['--assignee', 'bob'], '--assign/--assignee takes me, none or a technician id, got "bob"'],
    [['--company', 'Acme'], '--company must be a positive integer, got "Acme"'],
    [['--sentiment', 'angry'], 'unknown --sentiment "angry"'],
    [['--field', 'novalue'], '--field takes name=value, got "novalue"'],
    [['--status', 'Vendor', '--status', 'Parts'], 'give at most one custom status to --status'],
  ])('refuses %j with exit 5 before sending anything', async (flags, message) => {
    const res = await runCli(['tickets', 'list', ...flags]);
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(`error: ${message}`);
    expect(res.stdout).toBe('');
    expect(res.requests).toEqual([]);
  });

  it('prints tab-separated rows without a header when piped', async () => {
    const t = ticket({ assignee: sam, tags: ['printer'] });
    const http = new FakeTransport().on('GET', '/v1/tickets', page([t, ticket({ id: 13, title: 'VPN down' })], 'c2'));
    const res = await runCli(['tickets', 'list'], { transport: http });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      [
        ['12', 'open', 'high', 'Printer jam', 'Acme', 'Sam Tech', '2030-01-07T08:00:00.000Z', '', ''].join('\t'),
        ['13', 'open', 'high', 'VPN down', 'Acme', '', '2030-01-07T08:00:00.000Z', '', ''].join('\t'),
      ].join('\n') + '\n',
    );
    expect(res.stderr).toBe('');
  });

  it('prints aligned columns on a terminal, and where the next page starts', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets', page([ticket({ assignee: sam })], 'c2'));
    const res = await runCli(['tickets', 'list'], { transport: http, tty: true });
    http.verify();
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^ID {2,}STATUS {2,}PRIORITY {2,}TITLE {2,}COMPANY {2,}ASSIGNEE {2,}UPDATED {2,}SLA {2,}SENTIMENT$/,
    );
    expect(lines[1]).toMatch(/^#12 {2,}Open {2,}High {2,}Printer jam {2,}Acme {2,}Sam Tech {2,}1h ago/);
    expect(res.stderr).toBe('More: --cursor c2\n');
  });

  it('says "No tickets match." on a terminal only; an empty list is not an error', async () => {
    const tty = new FakeTransport().on('GET', '/v1/tickets', page([]));
    const onTerminal = await runCli(['tickets', 'list'], { transport: tty, tty: true });
    expect(onTerminal).toMatchObject({ code: 0, stdout: '', stderr: 'No tickets match.\n' });
    const piped = new FakeTransport().on('GET', '/v1/tickets', page([]));
    expect(await runCli(['tickets', 'list'], { transport: piped })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('shows customer data clear with --no-mask only when the server allows it', async () => {
    const refused = new FakeTransport().on('GET', '/v1/me', json(me({ canUnmask: false })));
    const res = await runCli(['tickets', 'list', '--no-mask', '--json'], { transport: refused });
    refused.verify();
    expect(res.code).toBe(4);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('does not allow you to see customer data unmasked');
    const allowed = new FakeTransport()
      .on('GET', '/v1/me', json(me({ canUnmask: true })))
      .on('GET', '/v1/tickets', page());
    const clear = await runCli(['tickets', 'list', '--no-mask', '--json'], { transport: allowed });
    allowed.verify();
    expect(JSON.parse(clear.stdout).items[0].requester.email).toBe('melissa@gmail.com');
  });
});
