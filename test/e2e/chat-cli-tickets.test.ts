/**
 * The ticket a chat gets once its conversation has run the threshold, through the desk command.
 * A server of its own for each test (see helpers/chat-cli.ts).
 */
import { describe, expect, it } from 'vitest';
import { useChatCliDesk } from '../helpers/chat-cli.js';

describe('live chat through the desk command (SQLite)', { timeout: 60_000 }, () => {
  const cd = useChatCliDesk();
  const { advance, customer, customerChat } = cd;

  it('makes a ticket once the conversation has run the (shortened) threshold', async () => {
    expect((await cd.desk.run(['admin', 'settings', 'set', 'chat.auto-ticket-after', '20s'])).code).toBe(0);
    const { token: lee } = cd.techs.Lee!;
    await cd.desk.run(['status', 'available'], { token: lee });
    const tom = await customer('Tom');
    const live = customerChat(tom.profile, ['--message', 'VPN down']);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    expect((await cd.desk.run(['chat', 'accept', String(chatId)], { token: lee })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');
    await cd.desk.run(['chat', 'send', String(chatId), '--message', 'Restart the client'], { token: lee });
    await advance(19_000);
    expect(
      (await cd.desk.json<{ ticketId: number | null }>(['chat', 'show', String(chatId)], { token: lee })).ticketId,
    ).toBeNull();
    await advance(1000);
    const chat = await cd.desk.json<{ ticketId: number }>(['chat', 'show', String(chatId)], { token: lee });
    expect(chat.ticketId).toEqual(expect.any(Number));
    const ticket = await cd.desk.json<{ title: string; comments: Array<{ body: string }> }>(
      ['tickets', 'show', String(chat.ticketId)],
      { token: lee },
    );
    expect(ticket.title).toBe('New ticket opened from chat');
    expect(ticket.comments[0]!.body).toContain('VPN down');
    expect(ticket.comments[0]!.body).toContain('Restart the client');
    // Asking for the ticket again gives the same one; after the end it can be renamed.
    const same = await cd.desk.json<{ ticketId: number; created: boolean }>(['chat', 'ticket', String(chatId)], {
      token: lee,
    });
    expect(same).toMatchObject({ ticketId: chat.ticketId, created: false });
    live.send('thanks!');
    await live.waitFor((e) => e.type === 'sent', 'ack');
    expect((await cd.desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: lee })).code).toBe(0);
    const renamed = await cd.desk.json<{ title: string }>(['chat', 'ticket', String(chatId), '--title', 'VPN outage'], {
      token: lee,
    });
    expect(renamed.title).toBe('VPN outage');
    const after = await cd.desk.json<{ title: string; comments: Array<{ body: string }> }>(
      ['tickets', 'show', String(chat.ticketId)],
      { token: lee },
    );
    expect(after.title).toBe('VPN outage');
    expect(after.comments.at(-1)!.body).toContain('thanks!');
    await cd.desk.run(['status', 'offline'], { token: lee });
    await live.exited;
  });
});
