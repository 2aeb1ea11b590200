/** A single-value option given twice is refused (exit 2) instead of keeping the last one silently. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FakeTransport } from '../helpers/fake-transport.js';

describe('a repeated single-value option', () => {
  it.each([
    [['chat', 'transfer', '2', '--to-technician', '3', '--to-technician', '1']],
    [['tickets', 'list', '--limit', '5', '--limit', '10']],
    [['tickets', 'show', '7', '--profile', 'a', '--profile', 'b']],
    [['time', 'stop', '--note', 'a', '--note', 'b']],
  ])('desk %j is refused with exit 2 and sends nothing', async (argv) => {
    const http = new FakeTransport();
    const res = await runCli(argv, { transport: http });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/option '--[a-z-]+ <[a-z]+>' given more than once/);
    expect(res.requests).toEqual([]);
  });

  it('leaves repeatable options alone', async () => {
    const http = new FakeTransport().on('GET', '/v1/tickets', { status: 200, body: { items: [], nextCursor: null } });
    const res = await runCli(['tickets', 'list', '--priority', 'high', '--priority', 'low', '--json'], {
      transport: http,
    });
    expect(res.code).toBe(0);
    expect(res.requests[0]?.query.priority).toBe('high,low');
  });
});
