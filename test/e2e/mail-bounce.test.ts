/**
 * A bounce that comes back to a mailbox (a real DSN: multipart/report with message/delivery-status
 * and the returned headers or message) marks our outbox mail failed with the server's diagnostic,
 * shows on the ticket's activity log, and is never a ticket or a reply.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import { fixture, newTicket, type Fixture, type TicketDetailJson, type TicketJson } from '../helpers/ticket-fixture.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';
import { Dovecot } from '../helpers/dovecot.js';

interface QueueItem {
  id: number;
  messageId: string;
  ticketId: number | null;
  status: string;
  lastError: string | null;
}

/** A delivery status notification as Postfix writes it; `returned` is the returned part. */
function dsn(id: string, returned: { type: string; body: string }, extraHeaders = ''): string {
  return [
    'Return-Path: <>',
    'From: Mail Delivery System <MAILER-DAEMON@mx.gmail.example>',
    'To: it@acme.example',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${id}@mx.gmail.example>`,
    `Date: ${new Date().toUTCString()}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="A1B2C3.1764669600/mx.gmail.example"',
    ...(extraHeaders ? [extraHeaders] : []),
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--A1B2C3.1764669600/mx.gmail.example',
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.gmail.example.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    '--A1B2C3.1764669600/mx.gmail.example',
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.gmail.example',
    'X-Postfix-Queue-ID: A1B2C3',
    `Arrival-Date: ${new Date().toUTCString()}`,
    '',
    'Final-Recipient: rfc822; gone@gmail.example',
    'Original-Recipient: rfc822;gone@gmail.example',
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; gmail-smtp-in.l.google.com',
    'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does',
    '    not exist.',
    '',
    '--A1B2C3.1764669600/mx.gmail.example',
    'Content-Description: Undelivered Message',
    `Content-Type: ${returned.type}`,
    '',
    returned.body,
    '',
    '--A1B2C3.1764669600/mx.gmail.example--',
    '',
  ].join('\r\n');
}

describe.each<DbKind>(['sqlite', 'postgres'])('bounces matched to the outgoing mail (%s, manual clock)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  let ops: { token: string };
  const imap = new Dovecot();
  const smtp = new SmtpReceiver();
  const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });
  const queue = () => desk.json<QueueItem[]>(['admin', 'mail', 'queue', '--no-mask'], { token: ops.token });
  const tickets = async () =>
    (await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--status', 'all', '--limit', '100'])).items;
  const show = (id: number) => desk.json<TicketDetailJson>(['tickets', 'show', String(id)]);

  beforeAll(async () => {
    await Promise.all([imap.start(), smtp.start(0)]);
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk, kind === 'sqlite' ? 'B' : 'C');
    ops = await desk.json([
      'admin',
      'technicians',
      'add',
      '--name',
      'Olga Ops',
      '--email',
      'olga@example.com',
      '--admin',
      '--allow-unmask',
    ]);
    await desk.json(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
    await desk.json(['admin', 'mailboxes', 'add', '--imap', imap.url]);
  });
  afterAll(async () => {
    await desk?.close();
    await Promise.all([imap.stop(), smtp.stop()]);
  });

  /** A public reply on a new ticket, sent; answers the ticket and its outbox mail. */
  async function sentReply(cc: string): Promise<{ id: number; mail: QueueItem }> {
    const before = smtp.mails.length;
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const res = await desk.run(['tickets', 'reply', String(id), '--message', 'Try again.', '--cc', cc], {
      token: f.tech.token,
    });
    expect(res.code, res.stderr).toBe(0);
    await smtp.received(before + 1);
    let mail: QueueItem | undefined;
    await until(async () => {
      mail = (await queue()).find((m) => m.ticketId === id && m.status === 'sent');
      expect(mail).toBeDefined();
    });
    return { id, mail: mail! };
  }

  it('marks the mail failed with the diagnostic and logs it on the ticket, from the returned headers', async () => {
    const { id, mail } = await sentReply('gone@gmail.example');
    const count = (await tickets()).length;
    const comments = (await show(id)).comments.length;
    const sent = smtp.mails.length;
    await imap.deliver(
      dsn(`bounce-a-${kind}`, {
        type: 'text/rfc822-headers',
        body: [
          'From: Acme IT <it@acme.example>',
          'To: melissa@gmail.example',
          'Cc: gone@gmail.example',
          `Subject: [#${id}] Printer on fire`,
          `Message-ID: ${mail.messageId}`,
        ].join('\r\n'),
      }),
    );
    await until(async () => expect((await queue()).find((m) => m.id === mail.id)?.status).toBe('failed'));
    const failed = (await queue()).find((m) => m.id === mail.id)!;
    expect(failed.lastError).toContain('gone@gmail.example');
    expect(failed.lastError).toContain('550-5.1.1 The email account that you tried to reach does not exist.');
    const human = await desk.run(['admin', 'mail', 'queue', '--status', 'failed'], { token: ops.token });
    expect(human.stdout).toContain('bounced: gone@gmail.example');
    const detail = await show(id);
    expect(detail.activity.some((a) => a.field === 'mail' && a.newValue?.startsWith('not delivered: bounced'))).toBe(
      true,
    );
    expect(detail.comments).toHaveLength(comments);
    expect((await tickets()).length).toBe(count);
    expect(smtp.mails.length).toBe(sent);
  });

  it('matches a bounce that returns the whole message, or only names it in X-Original-Message-ID', async () => {
    const whole = await sentReply('gone@gmail.example');
    const named = await sentReply('gone@gmail.example');
    const count = (await tickets()).length;
    await imap.deliver(
      dsn(`bounce-b-${kind}`, {
        type: 'message/rfc822',
        body: [
          'From: Acme IT <it@acme.example>',
          'To: gone@gmail.example',
          `Subject: [#${whole.id}] Printer on fire`,
          `Message-ID: ${whole.mail.messageId}`,
          'Content-Type: text/plain',
          '',
          'Try again.',
        ].join('\r\n'),
      }),
    );
    await imap.deliver(
      dsn(
        `bounce-c-${kind}`,
        { type: 'text/plain', body: '(the original message is not included)' },
        `X-Original-Message-ID: ${named.mail.messageId}`,
      ),
    );
    await until(async () => {
      const q = await queue();
      expect(q.find((m) => m.id === whole.mail.id)?.status).toBe('failed');
      expect(q.find((m) => m.id === named.mail.id)?.status).toBe('failed');
    });
    await until(async () => expect((await imap.inbox()).every((m) => m.seen)).toBe(true));
    expect((await tickets()).length).toBe(count);
  });
});
