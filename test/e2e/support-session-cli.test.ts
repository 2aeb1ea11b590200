/**
 * `desk customer chat` in a support session with several customers, against a real server and as a
 * real process: it shows the other customers' messages with their names (those from before it
 * started and live ones), and does not echo the customer's own lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import { LiveDesk, stopAllLive } from '../helpers/live.js';
import { message } from '../helpers/chat-cli.js';
import type { SeededCustomer, SeededTechnician } from '../helpers/seed.js';

describe('desk customer chat in a shared support session', { timeout: 120_000 }, () => {
  let desk: Desk;
  let sam: SeededTechnician;
  let nia: SeededCustomer;
  let mel: SeededCustomer;

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    const acme = await desk.seed.company('Acme');
    sam = await desk.seed.technician('Sam', { grant: [acme] });
    nia = await desk.seed.customer(acme, 'Nia Primary');
    mel = await desk.seed.customer(acme, 'Mel Guest');
  });
  afterAll(async () => {
    stopAllLive();
    await desk?.close();
  });

  /** `desk chat invite` as Sam: the token of the single-use link. */
  const invite = async (email: string, chat?: number) => {
    const res = await desk.run(['chat', 'invite', ...(chat ? [String(chat)] : []), '--email', email], {
      token: sam.token,
    });
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim().split('/join/')[1]!;
  };
  const join = async (token: string) =>
    desk.seed.call<{ token: string; chatId: number }>('', 'POST', '/v1/customer/join', { token });
  const say = (token: string, chatId: number, body: string) =>
    desk.seed.ok(token, 'POST', `/v1/customer/chats/${chatId}/messages`, { body });

  it("shows the other customers' messages with their names, before it started and live", async () => {
    const first = await join(await invite(nia.email));
    expect(first.status).toBe(201);
    const chatId = first.body.chatId;
    const guest = await join(await invite(mel.email, chatId));
    expect(guest.status).toBe(201);
    const melToken = guest.body.token;
    await say(melToken, chatId, 'Mel here, same printer');

    const live = new LiveDesk(['customer', 'chat', '--chat', String(chatId)], {
      ...desk.env(),
      DESK_CUSTOMER_TOKEN: first.body.token,
    });
    const earlier = await live.waitFor(
      (e) => e.type === 'message' && message(e).body === 'Mel here, same printer',
      "Mel's earlier message",
    );
    expect(message(earlier).author).toMatchObject({ kind: 'contact', name: 'Mel Guest' });
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');

    // Nia's own line is sent, not shown back to her as a message.
    live.send('Nia too, it blinks');
    await live.waitFor((e) => e.type === 'sent' && message(e).body === 'Nia too, it blinks', 'sent');
    await say(melToken, chatId, 'Mine blinks orange');
    const later = await live.waitFor(
      (e) => e.type === 'message' && message(e).body === 'Mine blinks orange',
      "Mel's live message",
    );
    expect(message(later).author).toMatchObject({ kind: 'contact', name: 'Mel Guest' });
    expect(
      (await desk.run(['chat', 'send', String(chatId), '--message', 'Both of you: restart it'], { token: sam.token }))
        .code,
    ).toBe(0);
    await live.waitFor((e) => e.type === 'message' && message(e).body === 'Both of you: restart it', 'Sam');
    expect(live.events.filter((e) => e.type === 'message' && message(e).body === 'Nia too, it blinks')).toEqual([]);

    live.send('/end');
    expect(await live.exited).toBe(0);
  });
});
