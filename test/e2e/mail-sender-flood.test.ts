import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type Desk, type ServerProcess } from '../helpers/desk.js';
import { advanceClock, type TicketJson } from '../helpers/ticket-fixture.js';
import { Dovecot } from '../helpers/dovecot.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';

const MAILS = 200;
const LIMIT = 15;
const SENDER = 'flood@customer.example';
const POLL_MS = 30_000;

function rawMail(n: number): string {
  return [
    `Date: ${new Date().toUTCString()}`,
    `From: Flood <${SENDER}>`,
    'To: it@acme.example',
    `Subject: Flood ${n}`,
    `Message-ID: <flood-${n}@customer.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Mail number ${n}.`,
    '',
  ].join('\r\n');
}

describe('200 mails from one sender at once (SQLite, server process, manual clock)', () => {
  let desk: Desk;
  let server: ServerProcess;
  const imap = new Dovecot();
  const smtp = new SmtpReceiver();

  beforeAll(async () => {
    await Promise.all([imap.start(), smtp.start(0)]);
    // Not --quiet: the server log is where a refused mail's reason goes.
    desk = await startDesk('sqlite', ['--test-clock']);
    server = desk.server as ServerProcess;
  }, 120_000);
  afterAll(async () => {
    await desk?.close();
    await Promise.all([imap.stop(), smtp.stop()]);
  });

  it('opens mail.sender-limit tickets, refuses the rest with a logged reason, and mails nothing back for them', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Customer Co'])).id;
    await desk.json(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
    expect((await desk.run(['admin', 'settings', 'set', 'mail.sender-limit', String(LIMIT)])).code).toBe(0);
    const client = await imap.client();
    try {
      for (let n = 1; n <= MAILS; n++) await client.append('INBOX', rawMail(n));
    } finally {
      await client.logout();
    }
    await desk.json(['admin', 'mailboxes', 'add', '--imap', imap.url, '--company', String(company)]);
    await vi.waitFor(async () => expect((await imap.inbox()).every((m) => m.seen)).toBe(true), {
      timeout: 120_000,
      interval: 200,
    });

    const tickets = (
      await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--status', 'all', '--limit', '200'])
    ).items.filter((t) => t.title.startsWith('Flood '));
    expect(tickets).toHaveLength(LIMIT);
    expect(tickets.map((t) => t.title).sort()).toEqual(
      Array.from({ length: LIMIT }, (_, i) => `Flood ${i + 1}`).sort(),
    );

    // Every refused mail is in the server log with its reason (the address masked as in every log line).
    const refusal = `left: f****@customer.example opened ${LIMIT} tickets by mail in the last hour (mail.sender-limit)`;
    await server.waitForStderr(new RegExp(`message ${MAILS} ${refusal.replace(/[()*.]/g, '\\$&')}`));
    expect(server.stderr.split('\n').filter((l) => l.includes(refusal))).toHaveLength(MAILS - LIMIT);
    const [box] = await desk.json<Array<{ imported: number; lastError: string | null }>>([
      'admin',
      'mailboxes',
      'list',
    ]);
    expect(box).toMatchObject({ imported: MAILS, lastError: null });

    // Only the opened tickets are answered ("We received your request"), once each.
    await vi.waitFor(
      async () => {
        const queue = await desk.json<Array<{ status: string }>>(['admin', 'mail', 'queue', '--limit', '1000']);
        expect(queue.filter((m) => m.status !== 'sent')).toEqual([]);
        expect(queue.length).toBe(LIMIT);
      },
      { timeout: 60_000, interval: 200 },
    );
    await smtp.received(LIMIT);
    const back = smtp.mails.filter((m) => m.recipients.includes(SENDER));
    expect(back).toHaveLength(LIMIT);
    const ids = new Set(tickets.map((t) => t.id));
    for (const mail of back) {
      const id = Number(/\[#(\d+)\]/.exec(mail.parsed.subject ?? '')?.[1]);
      expect(ids.has(id)).toBe(true);
    }

    // Still serving, and a later read brings nothing new.
    await advanceClock(desk, POLL_MS);
    expect((await desk.run(['tickets', 'list', '--json'])).code).toBe(0);
    expect(server.stderr).not.toMatch(/Unhandled|uncaught|FATAL/i);
  }, 180_000);
});
