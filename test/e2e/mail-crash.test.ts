import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import { advanceClock, type TicketJson } from '../helpers/ticket-fixture.js';
import { Dovecot } from '../helpers/dovecot.js';

const POLL_MS = 30_000;
/**
 * Mails per attempt: fetched as one batch and flagged only once all of them are imported, which
 * takes more than one shared commit — the window in which the kill has to land.
 */
const BATCH = 100;
const ATTEMPTS = 4;

function rawMail(n: number): string {
  return [
    `Date: ${new Date().toUTCString()}`,
    `From: Customer ${n} <customer${n}@customer.example>`,
    'To: it@acme.example',
    `Subject: Crash mail ${n}`,
    `Message-ID: <crash-${n}@customer.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Mail number ${n}.`,
    '',
  ].join('\r\n');
}

describe('a server killed between importing a mail and flagging it on the IMAP server (SQLite, manual clock)', () => {
  let desk: Desk;
  const imap = new Dovecot();
  let delivered = 0;

  /** The inbox's messages by subject, with their \Seen flag. */
  async function inbox(): Promise<Map<string, boolean>> {
    const client = await imap.client();
    try {
      await client.mailboxOpen('INBOX');
      const seen = new Map<string, boolean>();
      for await (const m of client.fetch('1:*', { envelope: true, flags: true })) {
        seen.set(m.envelope?.subject ?? '', m.flags?.has('\\Seen') ?? false);
      }
      return seen;
    } finally {
      await client.logout();
    }
  }

  /** Puts the next BATCH mails in the inbox, in one connection. */
  async function deliverBatch(): Promise<void> {
    const client = await imap.client();
    try {
      for (let i = 0; i < BATCH; i++) await client.append('INBOX', rawMail(++delivered));
    } finally {
      await client.logout();
    }
  }

  /** Titles of the open tickets, straight from the API (fast enough to catch a read mid-batch). */
  async function ticketTitles(): Promise<string[]> {
    const res = await fetch(`${desk.server.url}/v1/tickets?limit=500`, {
      headers: { authorization: `Bearer ${desk.adminToken}` },
    });
    if (!res.ok) throw new Error(`tickets: ${res.status}`);
    return ((await res.json()) as { items: TicketJson[] }).items.map((t) => t.title);
  }

  beforeAll(async () => {
    await imap.start();
    desk = await startDesk('sqlite', { server: 'process', testClock: true });
  }, 120_000);
  afterAll(async () => {
    await desk?.close();
    await imap.stop();
  });

  it('imports each mail once after the restart and flags it', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Customer Co'])).id;
    const port = desk.server.port;
    let landed = false;
    for (let attempt = 1; attempt <= ATTEMPTS && !landed; attempt++) {
      await deliverBatch();
      if (attempt === 1) {
        await desk.json(['admin', 'mailboxes', 'add', '--imap', imap.url, '--company', String(company)]);
      } else {
        await desk.server.start(port);
        await advanceClock(desk, POLL_MS);
      }
      // Kill as soon as a ticket of this batch exists.
      const first = `Crash mail ${delivered - BATCH + 1}`;
      let imported: string[] = [];
      await vi.waitFor(
        async () => {
          imported = (await ticketTitles()).filter((t) => t.startsWith('Crash mail'));
          expect(imported).toContain(first);
        },
        { timeout: 30_000, interval: 1 },
      );
      await desk.server.stop('SIGKILL');
      const seen = await inbox();
      // In the window: a mail that is a ticket and still unseen on the server.
      landed = imported.some((title) => seen.get(title) === false);
    }
    expect(landed).toBe(true);

    await desk.server.start(port);
    await advanceClock(desk, POLL_MS);
    await vi.waitFor(async () => expect([...(await inbox()).values()].every(Boolean)).toBe(true), {
      timeout: 30_000,
      interval: 100,
    });
    const titles = (await ticketTitles()).filter((t) => t.startsWith('Crash mail')).sort();
    const expected = Array.from({ length: delivered }, (_, i) => `Crash mail ${i + 1}`).sort();
    expect(titles).toEqual(expected);
    const [box] = await desk.json<Array<{ imported: number; lastError: string | null }>>([
      'admin',
      'mailboxes',
      'list',
    ]);
    expect(box).toMatchObject({ imported: delivered, lastError: null });
  }, 180_000);
});
