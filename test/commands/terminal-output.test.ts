/**
 * Every string from the server reaches the terminal inert, whoever wrote it: names and tags set by
 * technicians and admins in `tickets show`, the technician in `login` / `whoami`, names quoted in a
 * server's error message, and anything a command prints that no renderer sanitised. `--json` keeps
 * the data but escapes C1 and bidirectional controls.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FakeTransport, apiError, json } from '../helpers/fake-transport.js';
import { detail, me, sam, ticket } from '../helpers/cli-fixtures.js';

const ESC = '\x1b';
/** An OSC 52 clipboard write, a window title and a cursor move. */
const CLIPBOARD = `${ESC}]52;c;cm0gLXJmIH4=\x07`;
const TITLE = `${ESC}]0;pwned${ESC}\\`;
const HOME = `${ESC}[H${ESC}[2J`;
/** What must never reach a terminal from the server: ESC, C1 controls, bidi overrides. */
const UNSAFE = /[\x1b\x80-\x9f\u202a-\u202e\u2066-\u2069]/;

const hostile = detail({
  company: { id: 1, name: `Acme${CLIPBOARD}` },
  assignee: { ...sam, name: `Sam${TITLE} Tech` },
  tags: [`printer${HOME}`, `urgent\u009b31m`],
});

describe('text from the server on a terminal', () => {
  it.each([true, false])('tickets show prints company, assignee and tags inert (tty %s)', async (tty) => {
    const http = new FakeTransport().on('GET', '/v1/tickets/12', json(hostile));
    const res = await runCli(['tickets', 'show', '12'], { transport: http, tty, env: { NO_COLOR: undefined } });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('company:   Acme\n');
    expect(res.stdout).toContain('assignee:  Sam Tech\n');
    expect(res.stdout).toContain('tags:      printer, urgent\n');
    expect(res.stdout.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(UNSAFE);
  });

  it('login and whoami print the technician and account names inert', async () => {
    const answer = json(me({ name: `Ada${CLIPBOARD}\u202e nimda` }));
    const http = new FakeTransport().on('GET', '/v1/me', answer).on('GET', '/v1/me', answer);
    const login = await runCli(['login', '--server', 'http://desk.test', '--token', 'dsk_x'], { transport: http });
    expect(login.stderr).toBe('✓ Logged in to http://desk.test as Ada nimda (profile default)\n');
    const whoami = await runCli(['whoami'], { transport: http });
    expect(whoami.stdout.split('\n')[0]).toBe('Ada nimda <ada@example.com> (admin)');
    expect(whoami.stdout).not.toMatch(UNSAFE);
  });

  it('prints a server error message that quotes a name inert on stderr', async () => {
    const http = new FakeTransport().on(
      'PATCH',
      '/v1/tickets/12',
      apiError(409, `custom status "Waiting${CLIPBOARD}${HOME}" maps to resolved`),
    );
    const res = await runCli(['tickets', 'update', '12', '--status', 'open'], { transport: http });
    expect(res.stderr).toBe('error: custom status "Waiting" maps to resolved\n');
  });

  it('keeps anything a command prints without a renderer from moving the cursor or writing the clipboard', async () => {
    const http = new FakeTransport().on(
      'GET',
      '/v1/tickets',
      json({ items: [ticket()], nextCursor: `abc${CLIPBOARD}${HOME}def` }),
    );
    const res = await runCli(['tickets', 'list'], { transport: http, tty: true });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('More: --cursor abcdef\n');
  });
});

describe('--json', () => {
  it('escapes C1 and bidirectional controls as \\u sequences and keeps the rest of the data', async () => {
    const title = `invoice\u202efdp.exe \u009b2J \u200f\u061c\u2066x\u2069 ${ESC}[1m`;
    const http = new FakeTransport().on('GET', '/v1/tickets/12', json(detail({ title })));
    const res = await runCli(['tickets', 'show', '12', '--json'], { transport: http });
    expect(res.stdout).not.toMatch(UNSAFE);
    expect(res.stdout).not.toMatch(/[\u200e\u200f\u061c]/);
    expect(res.stdout).toContain(
      String.raw`"title":"invoice\u202efdp.exe \u009b2J \u200f\u061c\u2066x\u2069 \u001b[1m"`,
    );
    expect(JSON.parse(res.stdout).title).toBe(title);
  });
});
