import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import { advanceClock, fixture, newTicket, type Fixture, type TicketDetailJson } from '../helpers/ticket-fixture.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';

interface QueueItem {
  id: number;
  messageId: string;
  ticketId: number | null;
  status: string;
  attempts: number;
  lastError: string | null;
  to: string[];
}

const header = (mail: { parsed: { headers: Map<string, unknown> } }, name: string) => mail.parsed.headers.get(name);

describe.each<DbKind>(['sqlite', 'postgres'])('outgoing e-mail over SMTP (%s, manual clock)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  /** An admin who may see customer data unmasked: Message-IDs are shaped like addresses. */
  let ops: { token: string };
  const smtp = new SmtpReceiver();
  const queue = (extra: string[] = []) =>
    desk.json<QueueItem[]>(['admin', 'mail', 'queue', '--no-mask', ...extra], { token: ops.token });
  const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

  beforeAll(async () => {
    await smtp.start(0);
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk, kind === 'sqlite' ? 'M' : 'P');
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
  });
  afterAll(async () => {
    await desk?.close();
    await smtp.stop();
  });

  it('keeps the SMTP transport with its password masked; bad input and non-admins change nothing', async () => {
    expect((await desk.run(['admin', 'mail', 'show'])).stdout).toContain('No SMTP transport');
    const bad = await desk.run(['admin', 'mail', 'set', '--smtp', 'http://x', '--from', 'it@acme.example']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('smtp:// or smtps://');
    const badFrom = await desk.run(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'not an address']);
    expect(badFrom.code).toBe(5);
    const tech = await desk.run(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'it@acme.example'], {
      token: f.tech.token,
    });
    expect(tech.code).toBe(4);
    expect((await desk.json<{ configured: boolean }>(['admin', 'mail', 'show'])).configured).toBe(false);

    const secret = await desk.run([
      'admin',
      'mail',
      'set',
      '--smtp',
      'smtps://it:s3cret-pw@mail.acme.example:465',
      '--from',
      'Acme IT <it@acme.example>',
    ]);
    expect(secret.code).toBe(0);
    const shown = await desk.run(['admin', 'mail', 'show']);
    expect(shown.stdout).toContain('smtps://it:****@mail.acme.example:465');
    expect(shown.stdout).toContain('"Acme IT" <it@acme.example>');
    expect(shown.stdout + shown.stderr + secret.stderr).not.toContain('s3cret-pw');

    expect(
      (await desk.run(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>'])).code,
    ).toBe(0);
    const test = await desk.json<{ sent: boolean; messageId: string }>(
      ['admin', 'mail', 'test', 'ops@acme.example', '--no-mask'],
      { token: ops.token },
    );
    expect(test.sent).toBe(true);
    const [mail] = await smtp.received(1);
    expect(mail!.recipients).toEqual(['ops@acme.example']);
    expect(mail!.parsed.messageId).toBe(test.messageId);
    expect(header(mail!, 'auto-submitted')).toBe('auto-generated');
  });

  it("mails a technician's public reply to the requester and CC, threaded on the ticket, [#N] in the subject", async () => {
    const before = smtp.mails.length;
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const first = await desk.run(
      ['tickets', 'reply', String(id), '--message', 'Restart the spooler, please.', '--cc', 'boss@acme.com'],
      { token: f.tech.token },
    );
    expect(first.code).toBe(0);
    const [, mail] = (await smtp.received(before + 1)).slice(before - 1);
    expect(mail!.parsed.subject).toMatch(new RegExp(`^\\[#${id}\\] `));
    expect(mail!.recipients.sort()).toEqual(['boss@acme.com', `melissa.${kind === 'sqlite' ? 'm' : 'p'}@gmail.com`]);
    expect(mail!.parsed.text).toContain('Restart the spooler, please.');
    expect(mail!.parsed.text).toContain('Sam Rivera');
    expect(mail!.parsed.html).toContain('<p>Restart the spooler, please.</p>');
    expect(mail!.parsed.inReplyTo).toBe(`<deskline.ticket-${id}@acme.example>`);
    expect(mail!.parsed.replyTo?.value[0]?.address).toBe(`it+ticket-${id}@acme.example`);
    expect(header(mail!, 'auto-submitted')).toBeUndefined();
    const queued = (await queue()).find((m) => m.ticketId === id)!;
    expect(mail!.parsed.messageId).toBe(queued.messageId);
    await until(async () => expect((await queue()).find((m) => m.id === queued.id)?.status).toBe('sent'));

    await desk.run(['tickets', 'reply', String(id), '--message', 'Did that help?'], { token: f.tech.token });
    const second = (await smtp.received(before + 2))[before + 1]!;
    expect(second.parsed.inReplyTo).toBe(queued.messageId);
    expect(second.parsed.references).toEqual([`<deskline.ticket-${id}@acme.example>`, queued.messageId]);

    const detail = await desk.json<TicketDetailJson & { activity: Array<{ field: string; newValue: string | null }> }>([
      'tickets',
      'show',
      String(id),
    ]);
    await until(async () => {
      const log = (await desk.json<typeof detail>(['tickets', 'show', String(id)])).activity;
      expect(log.filter((a) => a.field === 'mail')).toHaveLength(2);
    });
    expect(detail.activity.find((a) => a.field === 'mail')?.newValue).toMatch(/^sent to /);
  });

  it('sends nothing for an internal note', async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const before = smtp.mails.length;
    const note = await desk.run(['tickets', 'note', String(id), '--message', 'internal only'], { token: f.tech.token });
    expect(note.code).toBe(0);
    expect((await queue()).some((m) => m.ticketId === id)).toBe(false);
    await desk.run(['tickets', 'reply', String(id), '--message', 'public answer'], { token: f.tech.token });
    const mail = (await smtp.received(before + 1))[before]!;
    expect(mail.parsed.text).toContain('public answer');
    expect(smtp.mails.some((m) => m.raw.includes('internal only'))).toBe(false);
    expect((await queue()).filter((m) => m.ticketId === id)).toHaveLength(1);
  });

  it('retries while the SMTP server is down and delivers exactly once when it is back', async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    await smtp.stop();
    await desk.run(['tickets', 'reply', String(id), '--message', 'Are you there?'], { token: f.tech.token });
    await until(async () => {
      const m = (await queue()).find((q) => q.ticketId === id)!;
      expect(m.status).toBe('queued');
      expect(m.attempts).toBe(1);
      expect(m.lastError).toBeTruthy();
    });
    const before = smtp.mails.length;
    await smtp.start();
    await advanceClock(desk, 60_000);
    const mail = (await smtp.received(before + 1))[before]!;
    expect(mail.parsed.text).toContain('Are you there?');
    await until(async () => expect((await queue()).find((q) => q.ticketId === id)?.status).toBe('sent'));
    await advanceClock(desk, 6 * 3_600_000);
    const sent = (await queue()).find((q) => q.ticketId === id)!;
    expect(sent.attempts).toBe(2);
    expect(smtp.mails.filter((m) => m.parsed.messageId === sent.messageId)).toHaveLength(1);
  });

  it('gives a mail up after mail.give-up-after, on the queue and the ticket activity log', async () => {
    await desk.json(['admin', 'settings', 'set', 'mail.give-up-after', '1m']);
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    await smtp.stop();
    try {
      await desk.run(['tickets', 'reply', String(id), '--message', 'Lost cause'], { token: f.tech.token });
      await until(async () => expect((await queue()).find((q) => q.ticketId === id)?.attempts).toBe(1));
      await advanceClock(desk, 60_000);
      // The deadline may be taken by the server's own sweep at that moment rather than the clock's:
      // the give-up is then committed just after the clock answers.
      await until(async () => {
        const failed = (await queue(['--status', 'failed'])).find((q) => q.ticketId === id);
        expect(failed?.lastError).toBeTruthy();
      });
      const table = await desk.run(['admin', 'mail', 'queue', '--status', 'failed']);
      expect(table.stdout).toContain(`#${id}`);
      const log = (
        await desk.json<{ activity: Array<{ field: string; newValue: string | null }> }>([
          'tickets',
          'show',
          String(id),
        ])
      ).activity;
      expect(log.find((a) => a.field === 'mail')?.newValue).toMatch(/^not delivered: /);
    } finally {
      await smtp.start();
      await desk.json(['admin', 'settings', 'unset', 'mail.give-up-after']);
    }
  });

  it('mails an identity code (the code made when sent); the customer signs in with it', async () => {
    const email = `melissa.${kind === 'sqlite' ? 'm' : 'p'}@gmail.com`;
    const before = smtp.mails.length;
    const asked = await desk.run(['customer', 'login', '--server', desk.server.url, '--email', email]);
    expect(asked.code).toBe(0);
    const mail = (await smtp.received(before + 1))[before]!;
    expect(mail.recipients).toEqual([email]);
    expect(header(mail, 'auto-submitted')).toBe('auto-generated');
    const code = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')?.[1];
    expect(code).toBeDefined();
    const login = await desk.run(['customer', 'login', '--server', desk.server.url, '--email', email, '--code', code!]);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('Logged in');
  });
});
