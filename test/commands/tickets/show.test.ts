/** `desk tickets show` in-process: conversation options, the detail page, `--json`, errors. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { comment, detail, sam } from '../../helpers/cli-fixtures.js';

const printerJam = detail({
  assignee: sam,
  tags: ['printer'],
  comments: [comment(1, 'reply', 'Call me at +447966197542'), comment(2, 'note', 'toner\nordered')],
  activity: [
    {
      id: 1,
      actor: { kind: 'technician', id: 1, name: 'Ada Admin' },
      field: 'status',
      oldValue: 'open',
      newValue: 'pending',
      at: '2030-01-07T08:30:00.000Z',
    },
  ],
});

describe('desk tickets show', () => {
  it('prints the ticket, its conversation (masked) and its activity', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets/12', json(printerJam));
    const res = await runCli(['tickets', 'show', '12'], { transport: http, tty: true });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(
      [
        '#12 Printer jam',
        'Open · Incident · High priority · impact None · Unread',
        'company:   Acme',
        'requester: Melissa Grant <m******@gmail.com>, *********7542',
        'assignee:  Sam Tech',
        'tags:      printer',
        'created:   1h ago · updated 1h ago',
        '',
        'Conversation (2)',
        'Ada Admin · public reply · 1h ago',
        '  Call me at *********7542',
        '',
        'Ada Admin · internal note · 1h ago',
        '  toner',
        '  ordered',
        '',
        'Activity',
        '  30m ago  Ada Admin  status  open → pending',
        '',
      ].join('\n'),
    );
  });

  it('prints ISO times when piped', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets/12', json(printerJam));
    const res = await runCli(['tickets', 'show', '12'], { transport: http });
    expect(res.stdout).toContain('created:   2030-01-07T08:00:00.000Z · updated 2030-01-07T08:00:00.000Z\n');
  });

  it('passes --order and --only, and prints masked JSON', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets/12', json(printerJam), { order: 'newest', only: 'public' });
    const res = await runCli(['tickets', 'show', '12', '--order', 'Newest', '--only', 'public', '--json'], {
      transport: http,
    });
    http.verify();
    const out = JSON.parse(res.stdout) as typeof printerJam;
    expect(out.comments[0]?.body).toBe('Call me at *********7542');
    expect(out.requester?.phone).toBe('*********7542');
  });

  it.each([
    [['abc'], 'ticket id must be a positive integer, got "abc"'],
    [['12', '--order', 'random'], 'unknown --order "random" (valid: oldest, newest)'],
    [['12', '--only', 'mine'], 'unknown --only "mine" (valid: public, internal)'],
  ])('refuses %j with exit 5 before sending anything', async (args, message) => {
    const res = await runCli(['tickets', 'show', ...args]);
    expect(res).toMatchObject({ code: 5, stdout: '', stderr: `error: ${message}\n`, requests: [] });
  });

  it('answers a missing ticket with exit 3 and says nothing of it on stdout', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets/999999', apiError(404, 'ticket 999999 not found'));
    const res = await runCli(['tickets', 'show', '999999'], { transport: http });
    expect(res).toMatchObject({ code: 3, stdout: '', stderr: 'error: ticket 999999 not found\n' });
  });

  it('answers an unreachable server with exit 6 and a hint', async () => {
    const http = new FakeTransport().down('http://desk.test');
    const res = await runCli(['tickets', 'show', '12'], { transport: http });
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^error: cannot reach the server at http:\/\/desk\.test: connect ECONNREFUSED/);
    expect(res.stderr).toContain('hint: is `desk server` running?');
  });

  it('needs a server and token: exit 2 without them, and no request', async () => {
    const res = await runCli(['tickets', 'show', '12'], { env: { DESK_SERVER: undefined, DESK_TOKEN: undefined } });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('error: no server configured for profile "default"');
    expect(res.requests).toEqual([]);
  });
});
