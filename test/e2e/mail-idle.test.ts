/**
 * New mail is read at once where the IMAP server offers IDLE (Dovecot does): no clock is moved and
 * no poll is due, yet a mail appended after the server started becomes a ticket. With two nodes on
 * one PostgreSQL database both wait in IDLE on the mailbox, and the mail is imported once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import { InProcessServer } from '../helpers/in-process.js';
import { fixture, type TicketJson } from '../helpers/ticket-fixture.js';
import { Dovecot } from '../helpers/dovecot.js';

function rawMail(from: string, subject: string, messageId: string, body: string): string {
  return [
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    `From: ${from}`,
    'To: it@acme.example',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    '',
    body,
    '',
  ].join('\r\n');
}

interface MailboxJson {
  id: number;
  push: 'idle' | 'polling' | null;
  imported: number;
}

describe.each<DbKind>(['sqlite', 'postgres'])('mail pushed by IMAP IDLE (%s, manual clock)', (kind) => {
  let desk: Desk;
  let second: InProcessServer | undefined;
  let requester: string;
  const imap = new Dovecot();
  const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });
  const tickets = async () =>
    (await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--status', 'all', '--limit', '100'])).items;

  beforeAll(async () => {
    await imap.start();
    desk = await startDesk(kind, { testClock: true });
    await fixture(desk, kind === 'sqlite' ? 'K' : 'L');
    requester = `melissa.${kind === 'sqlite' ? 'k' : 'l'}@gmail.com`;
  });
  afterAll(async () => {
    await second?.stop();
    await desk?.close();
    await imap.stop();
  });

  it('imports a mail appended after the start at once, with no poll due', async () => {
    const box = await desk.json<MailboxJson>(['admin', 'mailboxes', 'add', '--imap', imap.url]);
    // The first read is due at once; after it the next poll is 30 s away on a clock that never moves.
    await until(async () => {
      const [listed] = await desk.json<MailboxJson[]>(['admin', 'mailboxes', 'list']);
      expect(listed?.push).toBe('idle');
    });
    const human = await desk.run(['admin', 'mailboxes', 'list']);
    expect(human.stdout).toContain('at once (IDLE)');
    if (kind === 'postgres') {
      // A second node on the same database watches the mailbox from its start.
      second = new InProcessServer(desk.db, { testClock: true });
      await second.start();
    }
    await imap.deliver(
      rawMail(`Melissa Grant <${requester}>`, 'Monitor flickers', `<idle-${kind}@gmail.com>`, 'It flickers.'),
    );
    await until(async () => expect((await tickets()).some((t) => t.title === 'Monitor flickers')).toBe(true));
    await until(async () => expect((await imap.inbox()).every((m) => m.seen)).toBe(true));
    await imap.deliver(
      rawMail(`Melissa Grant <${requester}>`, 'Keyboard sticks', `<idle2-${kind}@gmail.com>`, 'The E key sticks.'),
    );
    await until(async () => expect((await tickets()).some((t) => t.title === 'Keyboard sticks')).toBe(true));
    await until(async () => expect((await imap.inbox()).every((m) => m.seen)).toBe(true));
    const all = await tickets();
    expect(all.filter((t) => t.title === 'Monitor flickers')).toHaveLength(1);
    expect(all.filter((t) => t.title === 'Keyboard sticks')).toHaveLength(1);
    const [listed] = await desk.json<MailboxJson[]>(['admin', 'mailboxes', 'list']);
    expect(listed).toMatchObject({ id: box.id, imported: 2 });
  });

  it('says the mailbox is polled while its IDLE connection is lost, and IDLE again once a poll restores it', async () => {
    // One node: with several, the column shows the last change any of them saw.
    await second?.stop();
    second = undefined;
    imap.dropConnections();
    await until(async () => {
      const [listed] = await desk.json<MailboxJson[]>(['admin', 'mailboxes', 'list']);
      expect(listed?.push).toBe('polling');
    });
    expect((await desk.run(['admin', 'mailboxes', 'list'])).stdout).toContain('every 30 s');
    // The next poll reads the mailbox and starts a new watch.
    await desk.seed.advance(31_000);
    await until(async () => {
      const [listed] = await desk.json<MailboxJson[]>(['admin', 'mailboxes', 'list']);
      expect(listed?.push).toBe('idle');
    });
    await imap.deliver(
      rawMail(`Melissa Grant <${requester}>`, 'Dock not charging', `<idle3-${kind}@gmail.com>`, 'No power.'),
    );
    await until(async () => expect((await tickets()).some((t) => t.title === 'Dock not charging')).toBe(true));
  });
});
