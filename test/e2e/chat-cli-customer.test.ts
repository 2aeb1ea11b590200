/**
 * The customer's client against a real server: a running `desk customer chat` shows a new
 * invitation, `desk customer download` saves a file a technician sent, an invitation that ran out
 * says it expired, and `desk chat wrap-up` gives the reason owed for a chat the customer ended.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatCliDesk } from '../helpers/chat-cli.js';
import { samplePng } from '../helpers/sample-files.js';

describe("the customer's client (SQLite)", { timeout: 120_000 }, () => {
  const cd = useChatCliDesk();
  const { advance, customer, customerChat } = cd;

  it('shows a new invitation while running, downloads a sent file, says an invitation expired', async () => {
    const { token: sam } = cd.techs.Sam!;
    const { token: kim } = cd.techs.Kim!;
    expect((await cd.desk.run(['status', 'available'], { token: sam })).code).toBe(0);
    const ivy = await customer('Ivy');
    const live = customerChat(ivy.profile, ['--message', 'my screen is blank']);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    expect((await cd.desk.run(['chat', 'accept', String(chatId)], { token: sam })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');

    // A file from the technician, saved by the customer.
    const dir = mkdtempSync(join(tmpdir(), 'desk-customer-'));
    const png = samplePng(300, 9);
    writeFileSync(join(dir, 'steps.png'), png);
    expect((await cd.desk.run(['chat', 'attach', String(chatId), join(dir, 'steps.png')], { token: sam })).code).toBe(
      0,
    );
    const sent = await live.waitFor(
      (e) => e.type === 'message' && (e.message as { file: unknown }).file !== null,
      'file message',
    );
    const file = (sent.message as { file: { id: number; name: string } }).file;
    expect(file.name).toBe('steps.png');
    const out = join(dir, 'saved.png');
    const saved = await cd.desk.run([
      'customer',
      'download',
      String(chatId),
      String(file.id),
      '-o',
      out,
      '--profile',
      ivy.profile,
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(readFileSync(out).equals(png)).toBe(true);
    // Someone else's file id is not found.
    const missing = await cd.desk.run(['customer', 'download', String(chatId), '999', '--profile', ivy.profile]);
    expect(missing.code).toBe(3);

    // Kim invites Ivy to another chat: the running client shows it.
    const invite = await cd.desk.json<{ chat: { id: number } }>(
      ['chat', 'start', '--contact', String(ivy.id), '--message', 'About your order'],
      { token: kim },
    );
    const shown = await live.waitFor((e) => e.type === 'invitation', 'invitation');
    expect((shown.chat as { id: number }).id).toBe(invite.chat.id);
    expect(shown.text).toBe(
      `Kim invites you to a chat (${invite.chat.id}): run \`desk customer chat --chat ${invite.chat.id} --accept\` (or --decline)`,
    );

    // Unanswered, it expires; answering it then says so.
    await advance(120_000);
    const late = await cd.desk.run(['customer', 'chat', '--accept', '--profile', ivy.profile]);
    expect(late.code).toBe(5);
    expect(late.stderr).toContain(
      `the invitation to chat ${invite.chat.id} expired; ask the helpdesk again with desk customer chat`,
    );

    // The customer leaves; Sam owes the wrap-up reason and gives it.
    live.send('/end');
    expect(await live.exited).toBe(0);
    const due = await cd.desk.run(['chat', 'wrap-up'], { token: sam });
    expect(due.code).toBe(0);
    expect(due.stdout.split('\t')[0]).toBe(String(chatId));
    const given = await cd.desk.run(['chat', 'wrap-up', String(chatId), '--reason', 'resolved'], { token: sam });
    expect(given.code, given.stderr).toBe(0);
    expect((await cd.desk.run(['chat', 'wrap-up'], { token: sam })).stderr).toContain('You owe no wrap-up reasons');
  });
});
