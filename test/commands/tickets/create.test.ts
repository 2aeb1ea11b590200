/** `desk tickets create` in-process: the body it sends, `--assign me`, what it prints, refusals. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { me, ticket } from '../../helpers/cli-fixtures.js';

describe('desk tickets create', () => {
  it('sends every field with a client id and prints the new id when piped', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets', json(ticket({ id: 41 }), 201));
    const res = await runCli(
      [
        'tickets',
        'create',
        '--title',
        'Printer jam',
        '--company',
        '1',
        '--requester',
        '5',
        '--priority',
        'High',
        '--type',
        'request',
        '--impact',
        'minor',
        '--assign',
        '2',
        '--tag',
        'printer',
        '--tag',
        'floor2',
        '--message',
        '-',
        '--product-family',
        'LaserJet',
        '--field',
        'os=linux',
      ],
      { transport: http, stdin: 'paper everywhere\n' },
    );
    http.verify();
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('41\n');
    expect(res.stderr).toBe('✓ Created ticket #41\n');
    expect(res.requests[0]?.body).toEqual({
      title: 'Printer jam',
      companyId: 1,
      requesterId: 5,
      priority: 'high',
      type: 'request',
      impact: 'minor',
      assigneeId: 2,
      tags: ['printer', 'floor2'],
      message: 'paper everywhere\n',
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      productFamily: 'LaserJet',
      fields: { os: 'linux' },
    });
  });

  it('assigns to me by asking who I am first', async () => {
    const http = new FakeTransport().on('GET', '/v1/me', json(me())).on('POST', '/v1/tickets', json(ticket(), 201));
    const res = await runCli(['tickets', 'create', '--title', 'x', '--company', '1', '--assign', 'me'], {
      transport: http,
    });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/me', 'POST /v1/tickets']);
    expect(res.requests[1]?.body).toMatchObject({ assigneeId: 1 });
  });

  it('prints the masked ticket with --json and nothing on stderr', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets', json(ticket(), 201));
    const res = await runCli(['tickets', 'create', '--title', 'x', '--company', '1', '--json'], { transport: http });
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toMatchObject({ id: 12, requester: { email: 'm******@gmail.com' } });
  });

  it('says what it created on a terminal without printing the id', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets', json(ticket(), 201));
    const res = await runCli(['tickets', 'create', '--title', 'x', '--company', '1'], { transport: http, tty: true });
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '✓ Created ticket #12\n' });
  });

  it.each([
    [['--company', 'Acme'], 5, '--company must be a positive integer, got "Acme"'],
    [['--company', '1', '--priority', 'urgent'], 5, 'unknown --priority "urgent"'],
    [['--company', '1', '--assign', 'none'], 5, '--assign none makes no sense on create'],
    [['--company', '1', '--field', '=x'], 5, '--field takes name=value, got "=x"'],
    [[], 2, "required option '--company <id>' not specified"],
  ])('refuses %j (exit %i) before sending anything', async (flags, code, message) => {
    const res = await runCli(['tickets', 'create', '--title', 'x', ...flags]);
    expect(res.code).toBe(code);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });

  it("reports the server's refusal with its message and exit 5", async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets', apiError(400, 'title: must not be empty', 'title'));
    const res = await runCli(['tickets', 'create', '--title', ' ', '--company', '1'], { transport: http });
    http.verify();
    expect(res).toMatchObject({ code: 5, stdout: '', stderr: 'error: title: must not be empty\n' });
  });
});
