/** `desk tickets update` in-process: the changes it sends, status on stderr only, refusals. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { me, ticket } from '../../helpers/cli-fixtures.js';

describe('desk tickets update', () => {
  it('sends only the changes given and says so on stderr', async () => {
    const http = new FakeTransport().on('PATCH', '/v1/tickets/12', json(ticket({ status: 'pending' })));
    const res = await runCli(
      [
        'tickets',
        'update',
        '12',
        '--status',
        'Pending',
        '--priority',
        'high',
        '--activity',
        'read',
        '--assign',
        'none',
        '--tag',
        'wifi',
        '--untag',
        'old',
        '--title',
        'Slow Wi-Fi',
        '--field',
        'os=',
      ],
      { transport: http },
    );
    http.verify();
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '✓ Updated ticket #12\n' });
    expect(res.requests[0]?.body).toEqual({
      status: 'pending',
      priority: 'high',
      activityStatus: 'read',
      title: 'Slow Wi-Fi',
      addTags: ['wifi'],
      removeTags: ['old'],
      fields: { os: '' },
      assigneeId: null,
    });
  });

  it('sends a custom status by name, and --assign me as my id', async () => {
    const http = new FakeTransport().on('GET', '/v1/me', json(me())).on('PATCH', '/v1/tickets/12', json(ticket()));
    const res = await runCli(['tickets', 'update', '12', '--status', 'Waiting on vendor', '--assign', 'me', '--json'], {
      transport: http,
    });
    http.verify();
    expect(res.requests[1]?.body).toEqual({ customStatus: 'Waiting on vendor', assigneeId: 1 });
    expect(JSON.parse(res.stdout).id).toBe(12);
  });

  it.each([
    [['12'], 2, 'nothing to change'],
    [['abc', '--status', 'open'], 5, 'ticket id must be a positive integer, got "abc"'],
    [['12', '--priority', 'urgent'], 5, 'unknown --priority "urgent"'],
    [['12', '--status', 'a,b'], 5, 'unknown --status "a,b"'],
    [['12', '--type', 'bug'], 5, 'unknown --type "bug"'],
    [['12', '--assign', 'bob'], 5, '--assign/--assignee takes me, none or a technician id'],
  ])('refuses %j (exit %i) before sending anything', async (args, code, message) => {
    const res = await runCli(['tickets', 'update', ...args]);
    expect(res.code).toBe(code);
    expect(res.stderr).toContain(`error: ${message}`);
    expect(res.requests).toEqual([]);
  });

  it.each([
    [404, 'ticket 12 not found', 3],
    [401, 'invalid or revoked API token', 4],
    [403, 'not allowed', 4],
    [400, 'no technician 99999', 5],
  ])('maps a server answer of %i to exit %i', async (status, message, code) => {
    const http = new FakeTransport().on('PATCH', '/v1/tickets/12', apiError(status, message));
    const res = await runCli(['tickets', 'update', '12', '--assign', '99999'], { transport: http });
    http.verify();
    expect(res).toMatchObject({ code, stdout: '', stderr: `error: ${message}\n` });
  });
});
