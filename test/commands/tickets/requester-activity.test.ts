/** `desk tickets update --requester` and `desk tickets list --activity` in-process: what they send and refuse. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import { ticket } from '../../helpers/cli-fixtures.js';

describe('desk tickets update --requester', () => {
  it.each([
    ['7', 7],
    ['none', null],
    ['NONE', null],
  ])('sends --requester %s as requesterId %s', async (flag, requesterId) => {
    const http = new FakeTransport().on('PATCH', '/v1/tickets/12', json(ticket()));
    const res = await runCli(['tickets', 'update', '12', '--requester', flag], { transport: http });
    http.verify();
    expect(res).toMatchObject({ code: 0, stderr: '✓ Updated ticket #12\n' });
    expect(res.requests[0]?.body).toEqual({ requesterId });
  });

  it('refuses a requester that is not an id before sending anything', async () => {
    const http = new FakeTransport();
    const res = await runCli(['tickets', 'update', '12', '--requester', 'mel'], { transport: http });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('--requester must be a positive integer, got "mel"');
    expect(res.requests).toEqual([]);
  });
});

describe('desk tickets list --activity', () => {
  it('sends the activity statuses given, repeated or comma-separated', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets', json({ items: [], nextCursor: null }));
    const res = await runCli(
      ['tickets', 'list', '--activity', 'unread,Awaiting_Technician_Reply', '--activity', 'read', '--json'],
      { transport: http },
    );
    http.verify();
    expect(res.code).toBe(0);
    expect(res.requests[0]?.query).toEqual({
      sort: 'created',
      limit: '30',
      activity: 'unread,awaiting_technician_reply,read',
    });
  });

  it('refuses an unknown activity status before sending anything', async () => {
    const http = new FakeTransport();
    const res = await runCli(['tickets', 'list', '--activity', 'waiting'], { transport: http });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('--activity');
    expect(res.requests).toEqual([]);
  });
});
