/** `desk tickets reply` and `note` in-process: the comment sent, templates, files, refusals. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { attachment, comment, ticket } from '../../helpers/cli-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'desk-comment-'));
const note = join(dir, 'f.txt');
writeFileSync(note, 'hello');
const empty = join(dir, 'empty.txt');
writeFileSync(empty, '');

const answered = (body = 'ok', kind: 'reply' | 'note' = 'reply') =>
  json({ ticket: ticket(), comment: comment(1, kind, body) }, 201);

describe('desk tickets reply and note', () => {
  it('sends a reply with a status and CC, and says so on stderr only', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets/12/comments', answered());
    const res = await runCli(
      ['tickets', 'reply', '12', '--message', 'On it', '--status', 'pending', '--cc', 'boss@example.com', '--cc', '2'],
      { transport: http },
    );
    http.verify();
    expect(res).toMatchObject({ code: 0, stdout: '', stderr: '✓ Replied on ticket #12\n' });
    expect(res.requests[0]?.body).toEqual({
      kind: 'reply',
      body: 'On it',
      status: 'pending',
      cc: ['boss@example.com', '2'],
      clientId: expect.any(String),
    });
  });

  it('reads a note from standard input with --message -, and marks a resolution', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets/12/comments', answered('x', 'note'));
    const res = await runCli(['tickets', 'note', '12', '--message', '-', '--resolution'], {
      transport: http,
      stdin: 'internal only\n',
    });
    http.verify();
    expect(res.stderr).toBe('✓ Added a note to ticket #12\n');
    expect(res.requests[0]?.body).toMatchObject({ kind: 'note', body: 'internal only\n', resolution: true });
  });

  it('says when the server cut a long comment', async () => {
    const cut = { ticket: ticket(), comment: { ...comment(1, 'note', 'x…'), truncated: true } };
    const http = new FakeTransport().on('POST', '/v1/tickets/12/comments', json(cut, 201));
    const res = await runCli(['tickets', 'note', '12', '--message', 'x'], { transport: http });
    expect(res.stderr).toBe('✓ Added a note to ticket #12 (cut to 64,000 characters)\n');
  });

  it('sends the template for the server to fill in (the customer gets their data clear, not masked)', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets/12/comments', answered());
    const res = await runCli(['tickets', 'reply', '12', '--template', 'Hello there'], { transport: http });
    http.verify();
    expect(res.code).toBe(0);
    expect(res.requests).toHaveLength(1);
    expect(res.requests[0]?.body).toEqual(expect.objectContaining({ template: 'Hello there' }));
    expect(res.requests[0]?.body).not.toHaveProperty('body');
  });

  it('leaves the kind to the server (tickets.default-reply) unless --public, --internal or --cc says it', async () => {
    const cases: [string[], string | undefined, string][] = [
      [[], undefined, '✓ Added a note to ticket #12\n'],
      [['--public'], 'reply', '✓ Replied on ticket #12\n'],
      [['--internal'], 'note', '✓ Added a note to ticket #12\n'],
      [['--cc', 'boss@example.com'], 'reply', '✓ Replied on ticket #12\n'],
    ];
    for (const [flags, kind, said] of cases) {
      const answer = kind === 'reply' ? answered('x') : answered('x', 'note');
      const http = new FakeTransport().on('POST', '/v1/tickets/12/comments', answer);
      const res = await runCli(['tickets', 'reply', '12', '--message', 'x', ...flags], { transport: http });
      http.verify();
      expect(res.requests).toHaveLength(1);
      expect((res.requests[0]?.body as { kind?: string }).kind).toBe(kind);
      expect(res.stderr).toBe(said);
    }
  });

  it('refuses --cc on an internal reply (exit 2) before sending anything', async () => {
    const http = new FakeTransport();
    const res = await runCli(['tickets', 'reply', '12', '--message', 'x', '--internal', '--cc', '2'], {
      transport: http,
    });
    expect(res.code).toBe(2);
    expect(res.requests).toHaveLength(0);
  });

  it('uploads each file, then sends the comment with their ids', async () => {
    const http = new FakeTransport()
      .on('POST', '/v1/tickets/12/attachments', json(attachment({ id: 7 }), 201), { name: 'f.txt' })
      .on('POST', '/v1/tickets/12/comments', answered());
    const res = await runCli(['tickets', 'reply', '12', '--message', 'see file', '--attach', note], {
      transport: http,
    });
    http.verify();
    expect(res.code).toBe(0);
    const upload = res.requests[0]!;
    expect(upload.headers['content-type']).toBe('application/octet-stream');
    expect(upload.raw?.toString()).toBe('hello');
    expect(res.requests[1]?.body).toMatchObject({ body: 'see file', attachmentIds: [7] });
  });

  it('prints the masked comment and ticket with --json', async () => {
    const http = new FakeTransport().on('POST', '/v1/tickets/12/comments', answered('Call +447966197542'));
    const res = await runCli(['tickets', 'reply', '12', '--message', 'x', '--json'], { transport: http });
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout);
    expect(out.comment.body).toBe('Call *********7542');
    expect(out.ticket).toMatchObject({ id: 12, status: 'open' });
    expect(out.ticket.requester.phone).toBe('*********7542');
    expect(out).not.toHaveProperty('comments');
  });

  it.each([
    [['--message', 'a', '--template', 't'], 5, 'give --message or --template, not both'],
    [[], 2, 'nothing to send'],
    [['--message', '   '], 5, 'the message is empty'],
    [['--template', ' '], 5, '--template needs a name'],
    [['--message', 'a', '--cc', ' '], 5, '--cc needs an e-mail address or a technician'],
    [['--message', 'a', '--attach', join(dir, 'missing.txt')], 5, '--attach: cannot read'],
    [['--message', 'a', '--attach', dir], 5, '--attach: cannot read'],
    [['--message', 'a', '--attach', empty], 5, 'is empty'],
    [['--message', 'a', '--status', 'a,b'], 5, 'unknown --status "a,b"'],
  ])('refuses %j (exit %i) before sending anything', async (flags, code, message) => {
    const res = await runCli(['tickets', 'reply', '12', ...flags]);
    expect(res.code).toBe(code);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
  });

  it('sends no comment when an upload is refused', async () => {
    const http = new FakeTransport().on(
      'POST',
      '/v1/tickets/12/attachments',
      apiError(400, 'this kind of file is not allowed'),
    );
    const res = await runCli(['tickets', 'reply', '12', '--message', 'x', '--attach', note], { transport: http });
    http.verify();
    expect(res).toMatchObject({ code: 5, stderr: 'error: this kind of file is not allowed\n' });
    expect(res.requests).toHaveLength(1);
  });
});
