/** `desk tickets list` on a terminal fits its width (the title cut with `…`, as gh does); piped output stays whole. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import { ticket } from '../../helpers/cli-fixtures.js';
import { displayWidth } from '../../../src/core/display-width.js';
import { pagerFor } from '../../../src/commands/pager.js';
import type { Context } from '../../../src/commands/context.js';

const LONG_TITLE = 'The printer on the third floor prints every page twice and then jams badly';

function http(): FakeTransport {
  const t = { ...ticket(), title: LONG_TITLE };
  return new FakeTransport().on('GET', '/v1/tickets', json({ items: [t, { ...t, id: 43 }], nextCursor: null }));
}

describe('desk tickets list: table width', () => {
  it('fits every line of the table to an 80-column terminal, cutting the title with …', async () => {
    const res = await runCli(['tickets', 'list'], { tty: true, transport: http(), env: { DESK_PAGER: '' } });
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBe(3);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+PRIORITY\s+TITLE\s+COMPANY/);
    expect(lines[1]).toContain('The printer');
    expect(lines[1]).toContain('…');
    expect(lines[1]).not.toContain('jams badly');
  });

  it('prints every title whole when piped', async () => {
    const res = await runCli(['tickets', 'list'], { transport: http() });
    expect(res.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(res.stdout).toContain(LONG_TITLE);
  });
});

describe('the pager for long lists on a terminal', () => {
  const terminal = { isTTY: true, rows: 24 } as unknown as Context['stdout'];
  const ctx = (env: Record<string, string | undefined>, stdout = terminal): Context =>
    ({ stdout, env, exitCode: 0 }) as unknown as Context;

  it('is $PAGER, else less -FRX, for a list longer than the terminal', () => {
    expect(pagerFor(ctx({}), 100)).toBe('less -FRX');
    expect(pagerFor(ctx({ PAGER: 'more' }), 100)).toBe('more');
    expect(pagerFor(ctx({ PAGER: 'more', DESK_PAGER: 'most' }), 100)).toBe('most');
  });

  it('is off for a short list, when piped, with DESK_PAGER= and with --no-pager', async () => {
    expect(pagerFor(ctx({}), 10)).toBeUndefined();
    expect(pagerFor(ctx({}, { isTTY: false } as unknown as Context['stdout']), 100)).toBeUndefined();
    expect(pagerFor(ctx({ DESK_PAGER: '' }), 100)).toBeUndefined();
    // --no-pager is taken by every command (and removed before the command sees its arguments).
    const res = await runCli(['tickets', 'list', '--no-pager'], {
      tty: true,
      transport: http(),
      env: { PAGER: 'false' },
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('The printer');
  });
});
