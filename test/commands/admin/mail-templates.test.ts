/** `desk admin mail templates list|show|set|reset` in-process, with a fake server. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, json } from '../../helpers/fake-transport.js';
import { MAIL_TEMPLATE_DEFAULTS, MAIL_TEMPLATE_FIELDS, type MailTemplate } from '../../../src/core/mail-templates.js';

function template(over: Partial<MailTemplate> = {}): MailTemplate {
  return {
    kind: 'reply',
    description: 'a technician’s public reply, to the requester and CC',
    fields: [...MAIL_TEMPLATE_FIELDS.reply],
    ...MAIL_TEMPLATE_DEFAULTS.reply,
    changed: { subject: false, text: false, html: false },
    updatedAt: null,
    ...over,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'desk-mail-templates-'));

describe('desk admin mail templates', () => {
  it('sets the subject and the text from a file, and the HTML from standard input', async () => {
    const textFile = join(dir, 'reply.txt');
    writeFileSync(textFile, 'Hi {{requester.first_name|there}},\n\n{{reply.body}}\n');
    const html = '<p>{{reply.body}}</p><p><a href="{{ticket.link}}">Your ticket</a></p>';
    const http = new FakeTransport().on('PUT', '/v1/admin/mail/templates/reply', (req) =>
      json(template({ changed: { subject: true, text: true, html: true }, ...(req.body as object) })),
    );
    const res = await runCli(
      [
        'admin',
        'mail',
        'templates',
        'set',
        'Reply',
        '--subject',
        'About {{ticket.title}}',
        '--text',
        textFile,
        '--html',
        '-',
      ],
      { transport: http, stdin: html },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Changed the reply mail template');
    expect(res.requests[0]!.body).toEqual({
      subject: 'About {{ticket.title}}',
      text: 'Hi {{requester.first_name|there}},\n\n{{reply.body}}\n',
      html,
    });
    http.verify();
  });

  it.each([
    [
      ['set', 'reply', '--subject', 'About {{ticket.nope}}'],
      'unknown placeholder {{ticket.nope}} in the subject of the reply mail',
    ],
    [
      ['set', 'code', '--subject', 'Code for {{ticket.id}}'],
      'unknown placeholder {{ticket.id}} in the subject of the code mail',
    ],
    [['set', 'reply'], 'give at least one of --subject, --text, --html'],
    [['set', 'reply', '--subject', ''], 'the subject must not be empty'],
    [['set', 'reply', '--text', '-', '--html', '-'], 'only one of --text and --html can read standard input'],
    [['set', 'reply', '--text', join(dir, 'missing.txt')], '--text: cannot read'],
    [['set', 'welcome', '--subject', 'Hi'], 'unknown mail template "welcome"'],
    [['show', 'welcome'], 'unknown mail template "welcome"'],
    [['reset', 'welcome'], 'unknown mail template "welcome"'],
  ])('refuses %j with exit 5, sending nothing', async (args, message) => {
    const http = new FakeTransport();
    const res = await runCli(['admin', 'mail', 'templates', ...args], { transport: http });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(message);
    expect(res.requests).toEqual([]);
    http.verify();
  });

  it('refuses an unknown placeholder in a text file too, naming the known ones', async () => {
    const file = join(dir, 'bad.txt');
    writeFileSync(file, 'Hello {{customer.name}}');
    const res = await runCli(['admin', 'mail', 'templates', 'set', 'received', '--text', file]);
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('unknown placeholder {{customer.name}} in the text of the received mail');
    expect(res.stderr).toContain('{{ticket.link}}');
    expect(res.requests).toEqual([]);
  });

  it('shows a template with its placeholders, and says when the HTML is made from the text', async () => {
    const http = new FakeTransport().on('GET', '/v1/admin/mail/templates/reply', json(template()));
    const res = await runCli(['admin', 'mail', 'templates', 'show', 'reply'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Kind:     reply');
    expect(res.stdout).toContain('{{reply.body}}');
    expect(res.stdout).toContain('Subject: [#{{ticket.id}}] {{ticket.title}}');
    expect(res.stdout).toContain('(made from the text)');
    http.verify();
  });

  it('lists the kinds with what changed, and resets one', async () => {
    const list = [
      template({ changed: { subject: true, text: false, html: false }, subject: 'About {{ticket.title}}' }),
    ];
    const http = new FakeTransport()
      .on('GET', '/v1/admin/mail/templates', json(list))
      .on('DELETE', '/v1/admin/mail/templates/reply', json(template()));
    const listed = await runCli(['admin', 'mail', 'templates', 'list'], { transport: http });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/reply\s+subject\s+About \{\{ticket\.title\}\}/);
    const reset = await runCli(['admin', 'mail', 'templates', 'reset', 'reply', '--json'], { transport: http });
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ kind: 'reply', changed: { subject: false } });
    http.verify();
  });

  it('answers a non-admin with exit 4', async () => {
    const http = new FakeTransport().on(
      'DELETE',
      '/v1/admin/mail/templates/code',
      apiError(403, 'only an admin can manage mail templates'),
    );
    const res = await runCli(['admin', 'mail', 'templates', 'reset', 'code'], { transport: http });
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('only an admin can manage mail templates');
  });
});
