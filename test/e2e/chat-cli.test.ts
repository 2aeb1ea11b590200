/**
 * Live chat end to end with real processes: a `desk server` on a manual clock, technicians using
 * `desk chat …` and customers running `desk customer chat` with piped standard input (NDJSON out).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import { LiveDesk as Live, stopAllLive, type Ndjson } from '../helpers/live.js';
import { samplePng } from '../helpers/sample-files.js';

const message = (e: Ndjson) => e.message as { body: string; author: { kind: string; name: string } };

describe('live chat through the desk command (SQLite)', { timeout: 60_000 }, () => {
  let desk: Desk;
  let company: number;
  const techs: Record<string, { id: number; token: string }> = {};

  async function advance(ms: number): Promise<void> {
    const res = await fetch(`${desk.server.url}/v1/test/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    expect(res.status).toBe(200);
  }

  async function tech(name: string): Promise<{ id: number; token: string }> {
    const t = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      name,
      '--email',
      `${name.toLowerCase()}@example.com`,
    ]);
    await desk.json(['admin', 'grant', String(t.id), String(company)]);
    techs[name] = t;
    return t;
  }

  /** A contact logged in as a customer under its own profile. */
  async function customer(name: string): Promise<{ id: number; profile: string }> {
    const email = `${name.toLowerCase()}@customer.example`;
    const c = await desk.json<{ id: number }>([
      'admin',
      'contacts',
      'add',
      '--company',
      String(company),
      '--name',
      name,
      '--email',
      email,
    ]);
    const sent = await desk.run([
      'customer',
      'login',
      '--server',
      desk.server.url,
      '--email',
      email,
      '--profile',
      name,
    ]);
    expect(sent.code).toBe(0);
    expect(sent.stderr).toContain('run this again with --code');
    const code = await desk.json<{ code: string }>(['admin', 'contacts', 'code', email]);
    expect(code.code).toMatch(/^\d{6}$/);
    const login = await desk.run([
      'customer',
      'login',
      '--server',
      desk.server.url,
      '--email',
      email,
      '--code',
      code.code,
      '--profile',
      name,
    ]);
    expect(login.code, login.stderr).toBe(0);
    // The code is single-use.
    const again = await desk.run([
      'customer',
      'login',
      '--server',
      desk.server.url,
      '--email',
      email,
      '--code',
      code.code,
      '--profile',
      name,
    ]);
    expect(again.code).toBe(5);
    return { id: c.id, profile: name };
  }

  const customerChat = (profile: string, args: string[] = []) =>
    new Live(['customer', 'chat', '--profile', profile, ...args], desk.env());

  beforeAll(async () => {
    desk = await startDesk('sqlite', { testClock: true });
    company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    for (const reason of ['Resolved', 'Handed over'])
      expect((await desk.run(['admin', 'wrapup', 'add', reason])).code).toBe(0);
    await tech('Sam');
    await tech('Kim');
    await tech('Lee');
  });
  afterAll(async () => {
    stopAllLive();
    await desk?.close();
  });

  it('customer request → offer → accept → messages both ways → transfer → conference → end with wrap-up', async () => {
    const { token: sam } = techs.Sam!;
    const { id: kimId, token: kim } = techs.Kim!;
    const { id: leeId, token: lee } = techs.Lee!;
    expect((await desk.run(['status', 'available'], { token: sam })).code).toBe(0);
    const mel = await customer('Melissa');
    const live = customerChat(mel.profile, ['--message', 'Printer on fire, card 4111 1111 1111 1111']);
    const opened = await live.waitFor((e) => e.type === 'chat', 'chat opened');
    const chatId = (opened.chat as { id: number }).id;

    // The request was offered to Sam, the only Available technician.
    const mine = await desk.json<Array<{ id: number; state: string; contact: { email: string } }>>(['chat', 'list'], {
      token: sam,
    });
    expect(mine).toEqual([expect.objectContaining({ id: chatId, state: 'offered' })]);
    expect(mine[0]!.contact.email).toBe('m******@customer.example');
    const requests = await desk.run(['chat', 'requests', '--filter', 'new'], { token: sam });
    expect(requests.stdout).toContain(`${chatId}\t`);
    expect((await desk.run(['chat', 'accept', String(chatId)], { token: sam })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');

    // Messages both ways; the composer refuses < > before anything is sent.
    const bad = await desk.run(['chat', 'send', String(chatId), '--message', 'hello <name>'], { token: sam });
    expect(bad.code).toBe(5);
    expect(
      (await desk.run(['chat', 'send', String(chatId), '--message', 'Unplug it, please'], { token: sam })).code,
    ).toBe(0);
    await live.waitFor((e) => e.type === 'message' && message(e).body === 'Unplug it, please', 'technician message');
    live.send('Done. It smells funny.');
    await live.waitFor((e) => e.type === 'sent' && message(e).body === 'Done. It smells funny.', 'ack');
    const shown = await desk.json<{ messages: Array<{ body: string }>; origin: Record<string, string | null> }>(
      ['chat', 'show', String(chatId)],
      { token: sam },
    );
    expect(shown.messages.map((m) => m.body)).toEqual(
      expect.arrayContaining(['Printer on fire, card ************1111', 'Unplug it, please', 'Done. It smells funny.']),
    );
    expect(shown.origin).toMatchObject({ ip: '127.0.0.1', device: 'desktop', client: 'desk-cli' });

    // Files both ways, checked by content; an executable named .png is refused (exit 5).
    const dir = mkdtempSync(join(tmpdir(), 'desk-chat-files-'));
    const png = join(dir, 'photo.png');
    writeFileSync(png, samplePng());
    const fake = join(dir, 'virus.png');
    writeFileSync(fake, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0)]));
    const sent = await desk.json<{ file: { id: number; type: string } }>(['chat', 'attach', String(chatId), png], {
      token: sam,
    });
    expect(sent.file.type).toBe('image/png');
    // The technician downloads it again, byte for byte.
    const copy = join(dir, 'copy.png');
    const saved = await desk.run(['chat', 'download', String(chatId), String(sent.file.id), '-o', copy], {
      token: sam,
    });
    expect(saved.code).toBe(0);
    expect(readFileSync(copy).equals(readFileSync(png))).toBe(true);
    await live.waitFor(
      (e) => e.type === 'message' && (e.message as { file: unknown }).file !== null,
      'file at the customer',
    );
    expect((await desk.run(['chat', 'attach', String(chatId), fake], { token: sam })).code).toBe(5);
    writeFileSync(join(dir, 'log.txt'), 'error 42\n');
    live.send(`/file ${join(dir, 'log.txt')}`);
    await live.waitFor(
      (e) => e.type === 'sent' && (e.message as { file: { name: string } | null }).file?.name === 'log.txt',
      'customer file',
    );

    // Transfer to Kim, who accepts; the note is limited to 345 characters.
    const longNote = await desk.run(
      [
        'chat',
        'transfer',
        String(chatId),
        '--to-technician',
        String(kimId),
        '--note',
        'n'.repeat(346),
        '--reason',
        'Handed over',
      ],
      { token: sam },
    );
    expect(longNote.code).toBe(5);
    expect(
      (
        await desk.run(
          [
            'chat',
            'transfer',
            String(chatId),
            '--to-technician',
            String(kimId),
            '--note',
            'VIP customer',
            '--reason',
            'Handed over',
          ],
          { token: sam },
        )
      ).code,
    ).toBe(0);
    expect((await desk.run(['chat', 'accept', String(chatId)], { token: kim })).code).toBe(0);
    await live.waitFor(
      (e) => e.type === 'message' && message(e).body === 'Sam transferred the chat to Kim',
      'transfer line',
    );
    expect((await desk.run(['chat', 'send', String(chatId), '--message', 'too late'], { token: sam })).code).toBe(4);

    // Conference: Lee joins, speaks, leaves.
    expect(
      (await desk.run(['chat', 'conference', String(chatId), '--technician', String(leeId)], { token: kim })).code,
    ).toBe(0);
    expect((await desk.run(['chat', 'accept', String(chatId)], { token: lee })).code).toBe(0);
    expect(
      (await desk.run(['chat', 'send', String(chatId), '--message', 'Lee from hardware here'], { token: lee })).code,
    ).toBe(0);
    await live.waitFor(
      (e) => e.type === 'message' && message(e).body === 'Lee from hardware here',
      'conference message',
    );
    expect(
      (await desk.run(['chat', 'end-conference', String(chatId), '--technician', String(leeId)], { token: kim })).code,
    ).toBe(0);

    // End: the wrap-up reason must come from the admin list.
    expect((await desk.run(['chat', 'end', String(chatId), '--reason', 'Bored'], { token: kim })).code).toBe(5);
    expect((await desk.run(['chat', 'end', String(chatId), '--reason', 'resolved'], { token: kim })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'ended', 'ended');
    expect(await live.exited).toBe(0);
    const done = await desk.json<{
      state: string;
      wrapup: string;
      messages: Array<{ body: string; internal: boolean }>;
    }>(['chat', 'show', String(chatId)], { token: kim });
    expect(done).toMatchObject({ state: 'ended', wrapup: 'Resolved' });
    // The transfer note is for technicians only.
    expect(done.messages.find((m) => m.body.includes('VIP customer'))?.internal).toBe(true);
    expect(JSON.stringify(live.events)).not.toContain('VIP customer');
    expect((await desk.run(['status', 'offline'], { token: sam })).code).toBe(0);
  });

  it('an offer not answered in time puts the technician in RONA and goes to the next', async () => {
    expect((await desk.run(['admin', 'queues', 'add', 'hotline', '--offer-timeout', '30s'])).code).toBe(0);
    const { id: samId, token: sam } = techs.Sam!;
    const { id: kimId, token: kim } = techs.Kim!;
    expect(
      (await desk.run(['admin', 'queues', 'members', 'hotline', '--add', String(samId), '--add', String(kimId)])).code,
    ).toBe(0);
    await desk.run(['status', 'available'], { token: sam });
    await advance(1000);
    await desk.run(['status', 'available'], { token: kim });
    const ona = await customer('Ona');
    const live = customerChat(ona.profile, ['--queue', 'hotline']);
    const opened = await live.waitFor((e) => e.type === 'chat', 'chat opened');
    const chatId = (opened.chat as { id: number }).id;
    const first = await desk.json<{ offeredTo: { id: number } }>(['chat', 'show', String(chatId)], { token: sam });
    expect(first.offeredTo.id).toBe(samId); // idle longest
    await advance(30_000);
    const status = await desk.run(['status'], { token: sam });
    expect(status.stdout).toContain('RONA');
    expect((await desk.json<{ state: string }>(['status'], { token: sam })).state).toBe('rona');
    const second = await desk.json<{ state: string; offeredTo: { id: number } }>(['chat', 'show', String(chatId)], {
      token: kim,
    });
    expect(second).toMatchObject({ state: 'offered', offeredTo: { id: kimId } });
    expect((await desk.run(['chat', 'accept', String(chatId)], { token: kim })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');
    live.send('/end');
    expect(await live.exited).toBe(0);
    await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: kim });
    await desk.run(['status', 'offline'], { token: sam });
    await desk.run(['status', 'offline'], { token: kim });
  });

  it('pick mode: two technicians race to take a request and exactly one wins', async () => {
    expect((await desk.run(['admin', 'queues', 'add', 'pickers', '--mode', 'pick'])).code).toBe(0);
    const { id: samId, token: sam } = techs.Sam!;
    const { id: kimId, token: kim } = techs.Kim!;
    await desk.run(['admin', 'queues', 'members', 'pickers', '--add', String(samId), '--add', String(kimId)]);
    await desk.run(['status', 'available'], { token: sam });
    await desk.run(['status', 'available'], { token: kim });
    const pia = await customer('Pia');
    const live = customerChat(pia.profile, ['--queue', 'pickers']);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    const [a, b] = await Promise.all([
      desk.run(['chat', 'take', String(chatId)], { token: sam }),
      desk.run(['chat', 'take', String(chatId)], { token: kim }),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 5]);
    const loser = a.code === 0 ? b : a;
    expect(loser.stderr).toContain('taken by someone else');
    const owner = await desk.json<{ owner: { id: number } }>(['chat', 'show', String(chatId)]);
    expect(owner.owner.id).toBe(a.code === 0 ? samId : kimId);
    live.send('/end');
    expect(await live.exited).toBe(0);
    await desk.run(['status', 'offline'], { token: sam });
    await desk.run(['status', 'offline'], { token: kim });
  });

  it('makes a ticket once the conversation has run the (shortened) threshold', async () => {
    expect((await desk.run(['admin', 'settings', 'set', 'chat.auto-ticket-after', '20s'])).code).toBe(0);
    const { token: lee } = techs.Lee!;
    await desk.run(['status', 'available'], { token: lee });
    const tom = await customer('Tom');
    const live = customerChat(tom.profile, ['--message', 'VPN down']);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    expect((await desk.run(['chat', 'accept', String(chatId)], { token: lee })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');
    await desk.run(['chat', 'send', String(chatId), '--message', 'Restart the client'], { token: lee });
    await advance(19_000);
    expect(
      (await desk.json<{ ticketId: number | null }>(['chat', 'show', String(chatId)], { token: lee })).ticketId,
    ).toBeNull();
    await advance(1000);
    const chat = await desk.json<{ ticketId: number }>(['chat', 'show', String(chatId)], { token: lee });
    expect(chat.ticketId).toEqual(expect.any(Number));
    const ticket = await desk.json<{ title: string; comments: Array<{ body: string }> }>(
      ['tickets', 'show', String(chat.ticketId)],
      { token: lee },
    );
    expect(ticket.title).toBe('New ticket opened from chat');
    expect(ticket.comments[0]!.body).toContain('VPN down');
    expect(ticket.comments[0]!.body).toContain('Restart the client');
    // Asking for the ticket again gives the same one; after the end it can be renamed.
    const same = await desk.json<{ ticketId: number; created: boolean }>(['chat', 'ticket', String(chatId)], {
      token: lee,
    });
    expect(same).toMatchObject({ ticketId: chat.ticketId, created: false });
    live.send('thanks!');
    await live.waitFor((e) => e.type === 'sent', 'ack');
    expect((await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: lee })).code).toBe(0);
    const renamed = await desk.json<{ title: string }>(['chat', 'ticket', String(chatId), '--title', 'VPN outage'], {
      token: lee,
    });
    expect(renamed.title).toBe('VPN outage');
    const after = await desk.json<{ title: string; comments: Array<{ body: string }> }>(
      ['tickets', 'show', String(chat.ticketId)],
      { token: lee },
    );
    expect(after.title).toBe('VPN outage');
    expect(after.comments.at(-1)!.body).toContain('thanks!');
    await desk.run(['status', 'offline'], { token: lee });
    await live.exited;
  });

  it("a technician's invitation expires when the customer does not accept within the time", async () => {
    const { token: kim } = techs.Kim!;
    const ivy = await customer('Ivy');
    const watch = new Live(['chat', 'list', '--json'], desk.env(kim));
    await watch.exited;
    const started = await desk.json<{ chat: { id: number; state: string } }>(
      ['chat', 'start', '--contact', String(ivy.id), '--message', 'Your laptop is ready'],
      { token: kim },
    );
    expect(started.chat.state).toBe('offered');
    const watcher = new Live(['chat', 'watch', String(started.chat.id), '--json'], desk.env(kim));
    await watcher.waitFor((e) => e.type === 'ready', 'ready');
    // Without --accept a script is told what to do.
    const asked = await desk.run(['customer', 'chat', '--profile', ivy.profile]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('invited you');
    await advance(119_000);
    expect((await desk.json<{ state: string }>(['chat', 'show', String(started.chat.id)], { token: kim })).state).toBe(
      'offered',
    );
    await advance(1000);
    await watcher.waitFor((e) => e.type === 'notice' && e.kind === 'invitation-expired', 'expiry notice');
    expect(await watcher.exited).toBe(0);
    expect((await desk.json<{ state: string }>(['chat', 'show', String(started.chat.id)], { token: kim })).state).toBe(
      'expired',
    );
    // A second invitation is accepted by the customer's client.
    const again = await desk.json<{ chat: { id: number } }>(['chat', 'start', '--contact', String(ivy.id)], {
      token: kim,
    });
    const live = customerChat(ivy.profile, ['--accept']);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'accepted');
    expect((await desk.run(['chat', 'end', String(again.chat.id), '--reason', 'Resolved'], { token: kim })).code).toBe(
      0,
    );
    expect(await live.exited).toBe(0);
  });

  it('stores a message resent with the same client id once', async () => {
    const { token: sam } = techs.Sam!;
    await desk.run(['status', 'available'], { token: sam });
    const rex = await customer('Rex');
    const live = customerChat(rex.profile);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    await desk.run(['chat', 'accept', String(chatId)], { token: sam });
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        desk.json<{ id: number }>(
          ['chat', 'send', String(chatId), '--message', 'only once', '--client-id', 'retry-42'],
          { token: sam },
        ),
      ),
    );
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    const shown = await desk.json<{ messages: Array<{ body: string }> }>(['chat', 'show', String(chatId)], {
      token: sam,
    });
    expect(shown.messages.filter((m) => m.body === 'only once')).toHaveLength(1);
    live.send('/end');
    await live.exited;
    await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: sam });
  });
});
