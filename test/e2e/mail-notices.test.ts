/**
 * Mail Deskline sends on its own or with a change, delivered to a real SMTP receiver: the join link
 * of `desk chat invite`, "we received your request" on a ticket a customer opens, the satisfaction
 * request when a ticket is resolved, and a public reply's files attached to its mail.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import { fixture, newTicket, type Fixture } from '../helpers/ticket-fixture.js';
import { SmtpReceiver, type ReceivedMail } from '../helpers/smtp-receiver.js';

const header = (mail: ReceivedMail, name: string) => mail.parsed.headers.get(name);

describe.each<DbKind>(['sqlite', 'postgres'])('automatic mail and reply files over SMTP (%s)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  let customer: { email: string; token: string };
  let dir: string;
  const smtp = new SmtpReceiver();
  /** The first mail that arrived (or arrives) matching `match`. */
  const mailWhere = (match: (m: ReceivedMail) => boolean) =>
    vi.waitFor(
      () => {
        const found = smtp.mails.find(match);
        if (!found) throw new Error('no such mail yet');
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'desk-mail-notices-'));
    await smtp.start(0);
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk, kind === 'sqlite' ? 'N' : 'Q');
    // Signed in before mail is set up, while the admin still reads codes out.
    customer = await desk.seed.customer(f.company, `Carla Customer ${kind}`);
    const set = await desk.run(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
    expect(set.code, set.stderr).toBe(0);
  });
  afterAll(async () => {
    await desk?.close();
    await smtp.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('mails the join link of `desk chat invite` to the invited address and still prints it', async () => {
    const email = `melissa.${kind === 'sqlite' ? 'n' : 'q'}@gmail.com`;
    const res = await desk.run(['chat', 'invite', '--email', email], { token: f.tech.token });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('by e-mail');
    const url = res.stdout.trim();
    expect(url).toMatch(/\/join\/\S+$/);
    const mail = await mailWhere((m) => m.recipients.includes(email) && /support session/.test(m.parsed.subject ?? ''));
    expect(mail.parsed.subject).toBe('Sam Rivera invites you to a support session');
    expect(mail.parsed.text).toContain(url);
    expect(header(mail, 'auto-submitted')).toBe('auto-generated');
    const joined = await desk.seed.call<{ chatId: number }>('', 'POST', '/v1/customer/join', {
      token: url.split('/join/')[1],
    });
    expect(joined.status).toBe(201);
  });

  it('tells a customer their ticket was received, and asks for a rating with the portal link once resolved', async () => {
    const made = await desk.seed.ok<{ ticketId: number }>(customer.token, 'POST', '/v1/customer/tickets', {
      title: 'VPN drops every hour',
      message: 'The VPN disconnects at the top of every hour.',
    });
    const id = made.ticketId;
    const received = await mailWhere(
      (m) => m.recipients.includes(customer.email) && m.parsed.subject === `[#${id}] VPN drops every hour`,
    );
    expect(received.parsed.text).toContain(`We received your request "VPN drops every hour"`);
    expect(received.parsed.text).toContain(`${desk.server.url}/tickets/${id}`);
    expect(header(received, 'auto-submitted')).toBe('auto-generated');
    expect(received.parsed.replyTo?.value[0]?.address).toBe(`it+ticket-${id}@acme.example`);
    expect(received.parsed.inReplyTo).toBe(`<deskline.ticket-${id}@acme.example>`);

    const resolved = await desk.run(['tickets', 'update', String(id), '--status', 'resolved'], { token: f.tech.token });
    expect(resolved.code, resolved.stderr).toBe(0);
    const ask = await mailWhere(
      (m) => m.recipients.includes(customer.email) && /is resolved/.test(m.parsed.text ?? ''),
    );
    expect(ask.parsed.subject).toBe(`[#${id}] VPN drops every hour`);
    expect(ask.parsed.text).toContain('Rate our help from 1 to 5');
    expect(ask.parsed.text).toContain(`${desk.server.url}/tickets/${id}`);
    expect(ask.parsed.inReplyTo).toBe(received.parsed.messageId);
    expect(header(ask, 'auto-submitted')).toBe('auto-generated');
    const rated = await desk.seed.call(customer.token, 'POST', `/v1/customer/tickets/${id}/rating`, { rating: 5 });
    expect(rated.status).toBeLessThan(300);
  });

  it('sends no "received" mail for a ticket a technician opens, and asks only its requester once resolved', async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const reply = await desk.run(
      [
        'tickets',
        'reply',
        String(id),
        '--message',
        'Fixed it for you.',
        '--status',
        'resolved',
        '--cc',
        'boss@acme.com',
      ],
      { token: f.tech.token },
    );
    expect(reply.code, reply.stderr).toBe(0);
    const ask = await mailWhere(
      (m) => m.parsed.subject?.startsWith(`[#${id}] `) === true && /is resolved/.test(m.parsed.text ?? ''),
    );
    expect(ask.recipients).toEqual([`melissa.${kind === 'sqlite' ? 'n' : 'q'}@gmail.com`]);
    const queue = await desk.json<Array<{ ticketId: number | null; kind: string }>>(['admin', 'mail', 'queue']);
    // The reply and the satisfaction request; nothing when it was opened.
    expect(queue.filter((m) => m.ticketId === id)).toHaveLength(2);
  });

  it('mails a technician mentions, assignments and customer replies on their ticket, until they turn it off', async () => {
    const local = `tina.${kind}`;
    const tina = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Tina Tech',
      '--email',
      `${local}@example.com`,
    ]);
    await desk.json(['admin', 'grant', String(tina.id), String(f.company)]);
    const toTina = (id: number, what: RegExp) => (m: ReceivedMail) =>
      m.recipients.includes(`${local}@example.com`) &&
      m.parsed.subject?.startsWith(`[#${id}] `) === true &&
      what.test(m.parsed.text ?? '');

    const made = await desk.seed.ok<{ ticketId: number }>(customer.token, 'POST', '/v1/customer/tickets', {
      title: 'Laptop will not boot',
      message: 'Black screen since this morning.',
    });
    const id = made.ticketId;
    const note = await desk.run(['tickets', 'note', String(id), '--message', `@${local} can you look at this?`], {
      token: f.tech.token,
    });
    expect(note.code, note.stderr).toBe(0);
    const mention = await mailWhere(toTina(id, /mentioned you/));
    expect(mention.parsed.text).toContain('Sam Rivera mentioned you on ticket');
    expect(mention.parsed.text).toContain('can you look at this?');
    expect(header(mention, 'auto-submitted')).toBe('auto-generated');

    const assign = await desk.run(['tickets', 'update', String(id), '--assign', String(tina.id)], {
      token: f.tech.token,
    });
    expect(assign.code, assign.stderr).toBe(0);
    expect((await mailWhere(toTina(id, /assigned ticket/))).parsed.text).toContain('Sam Rivera assigned ticket');

    const answered = await desk.seed.call(customer.token, 'POST', `/v1/customer/tickets/${id}/comments`, {
      body: 'It beeps three times now.',
    });
    expect(answered.status).toBeLessThan(300);
    expect((await mailWhere(toTina(id, /replied on ticket/))).parsed.text).toContain('It beeps three times now.');

    const opened = await newTicket(desk, f.company, ['--assign', String(tina.id)], f.tech.token);
    expect((await mailWhere(toTina(opened, /assigned ticket/))).parsed.subject).toMatch(/^\[#\d+\] /);

    const off = await desk.run(['notifications', 'mail', 'off'], { token: tina.token });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain('Notification mails: off');
    expect((await desk.run(['notifications', 'mail'], { token: tina.token })).stdout).toContain('off');
    expect((await desk.run(['notifications', 'mail', 'maybe'], { token: tina.token })).code).toBe(2);
    const other = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    await desk.run(['tickets', 'update', String(other), '--assign', String(tina.id)], { token: f.tech.token });
    await desk.run(['tickets', 'note', String(other), '--message', `@${local} and this one`], { token: f.tech.token });
    // Addresses are masked in the queue: by ticket, the other one queued nothing; the first one its
    // "received" mail and Tina's three.
    const queued = await desk.json<Array<{ ticketId: number | null }>>(['admin', 'mail', 'queue']);
    expect(queued.filter((m) => m.ticketId === other)).toEqual([]);
    expect(queued.filter((m) => m.ticketId === id)).toHaveLength(4);
  });

  it("attaches a public reply's files to its mail, byte for byte", async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)], f.tech.token);
    const file = join(dir, 'vpn-settings.txt');
    const content = `remote vpn.acme.example 1194\nproto udp\n# ${kind}\n`;
    await writeFile(file, content);
    const reply = await desk.run(
      ['tickets', 'reply', String(id), '--message', 'Use these settings.', '--attach', file],
      { token: f.tech.token },
    );
    expect(reply.code, reply.stderr).toBe(0);
    const mail = await mailWhere((m) => m.parsed.subject?.startsWith(`[#${id}] `) === true);
    expect(mail.parsed.text).toContain('Use these settings.');
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual(['vpn-settings.txt']);
    expect(mail.parsed.attachments[0]!.content.toString('utf8')).toBe(content);
  });
});
