/**
 * A chat through the desk command from request to end (messages, files, transfer, conference,
 * wrap-up), a technician's invitation that expires, and a resent message stored once.
 * A server of its own for each test (see helpers/chat-cli.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatCliDesk, message } from '../helpers/chat-cli.js';
import { LiveDesk } from '../helpers/live.js';
import { samplePng } from '../helpers/sample-files.js';

describe('live chat through the desk command (SQLite)', { timeout: 60_000 }, () => {
  const cd = useChatCliDesk();
  const { advance, customer, customerChat } = cd;

  it('customer request → offer → accept → messages both ways → transfer → conference → end with wrap-up', async () => {
    const { token: sam } = cd.techs.Sam!;
    const { id: kimId, token: kim } = cd.techs.Kim!;
    const { id: leeId, token: lee } = cd.techs.Lee!;
    expect((await cd.desk.run(['status', 'available'], { token: sam })).code).toBe(0);
    const mel = await customer('Melissa');
    const live = customerChat(mel.profile, ['--message', 'Printer on fire, card 4111 1111 1111 1111']);
    const opened = await live.waitFor((e) => e.type === 'chat', 'chat opened');
    const chatId = (opened.chat as { id: number }).id;

    // The request was offered to Sam, the only Available technician.
    const mine = await cd.desk.json<Array<{ id: number; state: string; contact: { email: string } }>>(
      ['chat', 'list'],
      {
        token: sam,
      },
    );
    expect(mine).toEqual([expect.objectContaining({ id: chatId, state: 'offered' })]);
    expect(mine[0]!.contact.email).toBe('m******@customer.example');
    const requests = await cd.desk.run(['chat', 'requests', '--filter', 'new'], { token: sam });
    expect(requests.stdout).toContain(`${chatId}\t`);
    expect((await cd.desk.run(['chat', 'accept', String(chatId)], { token: sam })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');

    // Messages both ways; the composer refuses < > before anything is sent.
    const bad = await cd.desk.run(['chat', 'send', String(chatId), '--message', 'hello <name>'], { token: sam });
    expect(bad.code).toBe(5);
    expect(
      (await cd.desk.run(['chat', 'send', String(chatId), '--message', 'Unplug it, please'], { token: sam })).code,
    ).toBe(0);
    await live.waitFor((e) => e.type === 'message' && message(e).body === 'Unplug it, please', 'technician message');
    live.send('Done. It smells funny.');
    await live.waitFor((e) => e.type === 'sent' && message(e).body === 'Done. It smells funny.', 'ack');
    const shown = await cd.desk.json<{ messages: Array<{ body: string }>; origin: Record<string, string | null> }>(
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
    const sent = await cd.desk.json<{ file: { id: number; type: string } }>(['chat', 'attach', String(chatId), png], {
      token: sam,
    });
    expect(sent.file.type).toBe('image/png');
    // The technician downloads it again, byte for byte.
    const copy = join(dir, 'copy.png');
    const saved = await cd.desk.run(['chat', 'download', String(chatId), String(sent.file.id), '-o', copy], {
      token: sam,
    });
    expect(saved.code).toBe(0);
    expect(readFileSync(copy).equals(readFileSync(png))).toBe(true);
    await live.waitFor(
      (e) => e.type === 'message' && (e.message as { file: unknown }).file !== null,
      'file at the customer',
    );
    expect((await cd.desk.run(['chat', 'attach', String(chatId), fake], { token: sam })).code).toBe(5);
    writeFileSync(join(dir, 'log.txt'), 'error 42\n');
    live.send(`/file ${join(dir, 'log.txt')}`);
    await live.waitFor(
      (e) => e.type === 'sent' && (e.message as { file: { name: string } | null }).file?.name === 'log.txt',
      'customer file',
    );

    // Transfer to Kim, who accepts; the note is limited to 345 characters.
    const longNote = await cd.desk.run(
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
        await cd.desk.run(
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
    expect((await cd.desk.run(['chat', 'accept', String(chatId)], { token: kim })).code).toBe(0);
    await live.waitFor(
      (e) => e.type === 'message' && message(e).body === 'Sam transferred the chat to Kim',
      'transfer line',
    );
    expect((await cd.desk.run(['chat', 'send', String(chatId), '--message', 'too late'], { token: sam })).code).toBe(4);

    // Conference: Lee joins, speaks, leaves.
    expect(
      (await cd.desk.run(['chat', 'conference', String(chatId), '--technician', String(leeId)], { token: kim })).code,
    ).toBe(0);
    expect((await cd.desk.run(['chat', 'accept', String(chatId)], { token: lee })).code).toBe(0);
    expect(
      (await cd.desk.run(['chat', 'send', String(chatId), '--message', 'Lee from hardware here'], { token: lee })).code,
    ).toBe(0);
    await live.waitFor(
      (e) => e.type === 'message' && message(e).body === 'Lee from hardware here',
      'conference message',
    );
    expect(
      (await cd.desk.run(['chat', 'end-conference', String(chatId), '--technician', String(leeId)], { token: kim }))
        .code,
    ).toBe(0);

    // End: the wrap-up reason must come from the admin list.
    expect((await cd.desk.run(['chat', 'end', String(chatId), '--reason', 'Bored'], { token: kim })).code).toBe(5);
    expect((await cd.desk.run(['chat', 'end', String(chatId), '--reason', 'resolved'], { token: kim })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'ended', 'ended');
    expect(await live.exited).toBe(0);
    const done = await cd.desk.json<{
      state: string;
      wrapup: string;
      messages: Array<{ body: string; internal: boolean }>;
    }>(['chat', 'show', String(chatId)], { token: kim });
    expect(done).toMatchObject({ state: 'ended', wrapup: 'Resolved' });
    // The transfer note is for technicians only.
    expect(done.messages.find((m) => m.body.includes('VIP customer'))?.internal).toBe(true);
    expect(JSON.stringify(live.events)).not.toContain('VIP customer');
    expect((await cd.desk.run(['status', 'offline'], { token: sam })).code).toBe(0);
  });

  it("a technician's invitation expires when the customer does not accept within the time", async () => {
    const { token: kim } = cd.techs.Kim!;
    const ivy = await customer('Ivy');
    const watch = new LiveDesk(['chat', 'list', '--json'], cd.desk.env(kim));
    await watch.exited;
    const started = await cd.desk.json<{ chat: { id: number; state: string } }>(
      ['chat', 'start', '--contact', String(ivy.id), '--message', 'Your laptop is ready'],
      { token: kim },
    );
    expect(started.chat.state).toBe('offered');
    const watcher = new LiveDesk(['chat', 'watch', String(started.chat.id), '--json'], cd.desk.env(kim));
    await watcher.waitFor((e) => e.type === 'ready', 'ready');
    // Without --accept a script is told what to do.
    const asked = await cd.desk.run(['customer', 'chat', '--profile', ivy.profile]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('invited you');
    await advance(119_000);
    expect(
      (await cd.desk.json<{ state: string }>(['chat', 'show', String(started.chat.id)], { token: kim })).state,
    ).toBe('offered');
    await advance(1000);
    await watcher.waitFor((e) => e.type === 'notice' && e.kind === 'invitation-expired', 'expiry notice');
    expect(await watcher.exited).toBe(0);
    expect(
      (await cd.desk.json<{ state: string }>(['chat', 'show', String(started.chat.id)], { token: kim })).state,
    ).toBe('expired');
    // A second invitation is accepted by the customer's client.
    const again = await cd.desk.json<{ chat: { id: number } }>(['chat', 'start', '--contact', String(ivy.id)], {
      token: kim,
    });
    const live = customerChat(ivy.profile, ['--accept']);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'accepted');
    expect(
      (await cd.desk.run(['chat', 'end', String(again.chat.id), '--reason', 'Resolved'], { token: kim })).code,
    ).toBe(0);
    expect(await live.exited).toBe(0);
  });

  it('stores a message resent with the same client id once', async () => {
    const { token: sam } = cd.techs.Sam!;
    await cd.desk.run(['status', 'available'], { token: sam });
    const rex = await customer('Rex');
    const live = customerChat(rex.profile);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    await cd.desk.run(['chat', 'accept', String(chatId)], { token: sam });
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        cd.desk.json<{ id: number }>(
          ['chat', 'send', String(chatId), '--message', 'only once', '--client-id', 'retry-42'],
          { token: sam },
        ),
      ),
    );
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    const shown = await cd.desk.json<{ messages: Array<{ body: string }> }>(['chat', 'show', String(chatId)], {
      token: sam,
    });
    expect(shown.messages.filter((m) => m.body === 'only once')).toHaveLength(1);
    live.send('/end');
    await live.exited;
    await cd.desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: sam });
  });
});
