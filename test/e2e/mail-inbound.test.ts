import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import {
  advanceClock,
  fixture,
  type Fixture,
  type TicketDetailJson,
  type TicketJson,
} from '../helpers/ticket-fixture.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';
import { Dovecot } from '../helpers/dovecot.js';

const POLL_MS = 30_000;

function rawMail(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    Date: new Date().toUTCString(),
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  });
  return `${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

describe.each<DbKind>(['sqlite', 'postgres'])('mail read from a Dovecot IMAP mailbox (%s, manual clock)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  let requester: string;
  const imap = new Dovecot();
  const smtp = new SmtpReceiver();
  const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });
  const tickets = async () =>
    (await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--status', 'all', '--limit', '100'])).items;
  const show = (id: number) => desk.json<TicketDetailJson>(['tickets', 'show', String(id)]);
  /** Waits until the mailbox was read past every message now in it. */
  const allRead = () => until(async () => expect((await imap.inbox()).every((m) => m.seen)).toBe(true));

  beforeAll(async () => {
    await Promise.all([imap.start(), smtp.start(0)]);
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk, kind === 'sqlite' ? 'I' : 'J');
    requester = `melissa.${kind === 'sqlite' ? 'i' : 'j'}@gmail.com`;
    await desk.json(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
  });
  afterAll(async () => {
    await desk?.close();
    await Promise.all([imap.stop(), smtp.stop()]);
  });

  it('adds a mailbox (password masked) and refuses a bad one', async () => {
    const bad = await desk.run(['admin', 'mailboxes', 'add', '--imap', 'pop3://x@host']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('imap:// or imaps://');
    expect(await desk.json<unknown[]>(['admin', 'mailboxes', 'list'])).toEqual([]);
  });

  it('turns a mail from a contact into a ticket, flags it only once imported, and imports a Message-ID once', async () => {
    const mail = rawMail(
      {
        From: `Melissa Grant <${requester}>`,
        To: 'it@acme.example',
        Subject: 'Printer jams on floor 2',
        'Message-ID': `<first-${kind}@gmail.com>`,
      },
      'The printer on floor 2 jams on every page.',
    );
    await imap.deliver(mail);
    await imap.deliver(mail);
    const box = await desk.json<{ id: number; imapUrl: string }>(['admin', 'mailboxes', 'add', '--imap', imap.url]);
    expect(box.imapUrl).not.toContain(imap.password);
    await allRead();
    const found = (await tickets()).filter((t) => t.title === 'Printer jams on floor 2');
    expect(found).toHaveLength(1);
    const detail = await show(found[0]!.id);
    expect(detail.comments[0]!.body).toContain('jams on every page');
    expect(detail.requesterPanel?.name).toBe('Melissa Grant');
    const listed = await desk.run(['admin', 'mailboxes', 'list']);
    expect(listed.stdout).not.toContain(imap.password);
    expect((await desk.run(['admin', 'mailboxes', 'test', String(box.id)])).code).toBe(0);
  });

  it("lands the customer's reply to our mail on the same ticket, reopening it, the quote cut", async () => {
    const id = (await tickets()).find((t) => t.title === 'Printer jams on floor 2')!.id;
    const before = smtp.mails.length;
    await desk.run(
      ['tickets', 'reply', String(id), '--message', 'Please restart the printer.', '--status', 'resolved'],
      {
        token: f.tech.token,
      },
    );
    const ours = (await smtp.received(before + 1))[before]!;
    expect(ours.parsed.subject).toBe(`[#${id}] Printer jams on floor 2`);
    expect((await show(id)).status).toBe('resolved');
    await imap.deliver(
      rawMail(
        {
          From: `Melissa Grant <${requester}>`,
          To: ours.parsed.replyTo?.text ?? 'it@acme.example',
          Subject: `Re: ${ours.parsed.subject ?? ''}`,
          'Message-ID': `<reply-${kind}@gmail.com>`,
          'In-Reply-To': ours.parsed.messageId ?? '',
          References: ours.parsed.messageId ?? '',
        },
        `It still jams after the restart.\n\nOn Tue, 1 Dec 2026 at 10:00, Acme IT <it@acme.example> wrote:\n> Please restart the printer.\n`,
      ),
    );
    await advanceClock(desk, POLL_MS);
    await until(async () => expect((await show(id)).comments).toHaveLength(3));
    const detail = await show(id);
    expect(detail.status).toBe('open');
    const reply = detail.comments.at(-1)!;
    expect(reply.kind).toBe('reply');
    expect(reply.body).toBe('It still jams after the restart.');
    expect((await tickets()).filter((t) => t.title.includes('Printer jams'))).toHaveLength(1);
  });

  it('creates no ticket, comment or mail for an auto-reply to our mail', async () => {
    const id = (await tickets()).find((t) => t.title === 'Printer jams on floor 2')!.id;
    const count = (await tickets()).length;
    const comments = (await show(id)).comments.length;
    const sent = smtp.mails.length;
    await imap.deliver(
      rawMail(
        {
          From: `Melissa Grant <${requester}>`,
          To: 'it@acme.example',
          Subject: `Out of office: [#${id}] Printer jams on floor 2`,
          'Message-ID': `<ooo-${kind}@gmail.com>`,
          'Auto-Submitted': 'auto-replied',
        },
        'I am away until Monday.',
      ),
    );
    await imap.deliver(
      rawMail(
        {
          From: `MAILER-DAEMON@gmail.com`,
          To: 'it@acme.example',
          Subject: 'Undelivered Mail',
          'Message-ID': `<bounce-${kind}@gmail.com>`,
        },
        'Delivery failed.',
      ),
    );
    await advanceClock(desk, POLL_MS);
    await allRead();
    expect((await tickets()).length).toBe(count);
    expect((await show(id)).comments).toHaveLength(comments);
    await advanceClock(desk, POLL_MS);
    expect(smtp.mails.length).toBe(sent);
  });

  it('leaves mail from an unknown sender when the mailbox names no company for them', async () => {
    await imap.deliver(
      rawMail(
        {
          From: 'Stranger <stranger@elsewhere.example>',
          To: 'it@acme.example',
          Subject: 'Who are you',
          'Message-ID': `<stranger-${kind}@x>`,
        },
        'Hello?',
      ),
    );
    await advanceClock(desk, POLL_MS);
    await allRead();
    expect((await tickets()).some((t) => t.title === 'Who are you')).toBe(false);
  });
});
