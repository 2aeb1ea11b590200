/**
 * A changed mail template shapes the mail delivered over SMTP: subject (keeping `[#N]`), text and
 * HTML (values escaped); the server refuses unknown placeholders itself; reset brings the default back.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import { fixture, newTicket, type Fixture } from '../helpers/ticket-fixture.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';

describe('editable mail templates (sqlite)', () => {
  let desk: Desk;
  let f: Fixture;
  const smtp = new SmtpReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'desk-mail-tpl-'));

  beforeAll(async () => {
    await smtp.start(0);
    desk = await startDesk('sqlite', { testClock: true });
    f = await fixture(desk, 'E');
    await desk.json(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
  });
  afterAll(async () => {
    await desk?.close();
    await smtp.stop();
  });

  async function reply(id: number, message: string) {
    const before = smtp.mails.length;
    const res = await desk.run(['tickets', 'reply', String(id), '--message', message], { token: f.tech.token });
    expect(res.code, res.stderr).toBe(0);
    return (await smtp.received(before + 1))[before]!;
  }

  it('shapes a public reply by the changed template, escaping values in the HTML and keeping [#N]', async () => {
    const text = join(dir, 'reply.txt');
    writeFileSync(
      text,
      'Dear {{requester.first_name|customer}},\n\n{{reply.body}}\n\nFollow it: {{ticket.link}}\n{{technician.name}} at {{company.name}}\n',
    );
    const html = join(dir, 'reply.html');
    writeFileSync(html, '<html><body><h1>{{ticket.title}}</h1><div class="reply">{{reply.body}}</div></body></html>\n');
    const set = await desk.run([
      'admin',
      'mail',
      'templates',
      'set',
      'reply',
      '--subject',
      'News on {{ticket.title}}',
      '--text',
      text,
      '--html',
      html,
    ]);
    expect(set.code, set.stderr).toBe(0);
    const shown = await desk.json<{ changed: { subject: boolean; text: boolean; html: boolean } }>([
      'admin',
      'mail',
      'templates',
      'show',
      'reply',
    ]);
    expect(shown.changed).toEqual({ subject: true, text: true, html: true });

    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const mail = await reply(id, 'Use <Ctrl> & "Alt" keys.\nThen restart.');
    expect(mail.parsed.subject).toBe(`[#${id}] News on Printer on fire`);
    expect(mail.parsed.text).toContain('Dear Melissa,\n\nUse <Ctrl> & "Alt" keys.\nThen restart.\n\nFollow it: http');
    expect(mail.parsed.text).toContain(`/tickets/${id}\nSam Rivera at E Acme`);
    expect(mail.parsed.html).toContain('<h1>Printer on fire</h1>');
    expect(mail.parsed.html).toContain(
      '<div class="reply">Use &lt;Ctrl&gt; &amp; &quot;Alt&quot; keys.<br>\nThen restart.</div>',
    );
  });

  it('refuses an unknown placeholder on the server too (400), changing nothing', async () => {
    const res = await fetch(`${desk.server.url}/v1/admin/mail/templates/received`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hello {{customer.name}}' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('unknown placeholder {{customer.name}}');
    const shown = await desk.json<{ changed: { text: boolean } }>(['admin', 'mail', 'templates', 'show', 'received']);
    expect(shown.changed.text).toBe(false);
  });

  it('goes back to the shipped template on reset', async () => {
    const reset = await desk.run(['admin', 'mail', 'templates', 'reset', 'reply']);
    expect(reset.code, reset.stderr).toBe(0);
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const mail = await reply(id, 'Back to normal.');
    expect(mail.parsed.subject).toBe(`[#${id}] Printer on fire`);
    expect(mail.parsed.text).toContain('Back to normal.\n\n-- \nSam Rivera\nE Acme\n');
    expect(mail.parsed.html).toContain('<p>Back to normal.</p>');
  });
});
