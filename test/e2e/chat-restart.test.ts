/**
 * The server is killed with SIGKILL mid-chat and restarted: every acknowledged message is still
 * there, pending chat deadlines (offer timeout, invitation expiry, auto-ticket) still fire, and the
 * customer's and the technician's streams resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import { LiveDesk, stopAllLive } from '../helpers/live.js';

describe.each<DbKind>(['sqlite', 'postgres'])('live chat survives SIGKILL (%s)', (kind) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk(kind, ['--quiet', '--test-clock']);
  });
  afterAll(async () => {
    stopAllLive();
    await desk?.close();
  });

  async function clock(body: object): Promise<void> {
    const res = await fetch(`${desk.server.url}/v1/test/clock`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.text()).toBe(200);
  }

  async function customer(company: number, name: string) {
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
    await desk.run(['customer', 'login', '--server', desk.server.url, '--email', email, '--profile', name]);
    const { code } = await desk.json<{ code: string }>(['admin', 'contacts', 'code', email]);
    const login = await desk.run([
      'customer',
      'login',
      '--server',
      desk.server.url,
      '--email',
      email,
      '--code',
      code,
      '--profile',
      name,
    ]);
    expect(login.code, login.stderr).toBe(0);
    return { id: c.id, profile: name };
  }

  it('loses no acknowledged message and fires pending deadlines after a restart', { timeout: 90_000 }, async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    await desk.run(['admin', 'wrapup', 'add', 'Resolved']);
    await desk.run(['admin', 'settings', 'set', 'chat.auto-ticket-after', '5m']);
    // Kim's offer must outlive the request's own expiry to time out.
    await desk.run(['admin', 'settings', 'set', 'chat.request-timeout', '15m']);
    await desk.run(['admin', 'queues', 'add', 'slow', '--offer-timeout', '10m']);
    const mk = async (name: string) => {
      const t = await desk.json<{ id: number; token: string }>([
        'admin',
        'technicians',
        'add',
        '--name',
        name,
        '--email',
        `${name}@example.com`,
      ]);
      await desk.json(['admin', 'grant', String(t.id), String(company)]);
      return t;
    };
    const sam = await mk('Sam');
    const kim = await mk('Kim');
    await desk.run(['admin', 'queues', 'members', 'slow', '--add', String(kim.id)]);
    await desk.run(['admin', 'queues', 'members', 'default', '--add', String(sam.id)]);
    await desk.run(['status', 'available'], { token: sam.token });

    // Chat 1: active with Sam, messages both ways.
    const mel = await customer(company, 'Mel');
    const live = new LiveDesk(['customer', 'chat', '--profile', mel.profile], desk.env());
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat')).chat as { id: number }).id;
    expect((await desk.run(['chat', 'accept', String(chatId)], { token: sam.token })).code).toBe(0);
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await desk.run(['chat', 'send', String(chatId), '--message', `tech ${i}`], { token: sam.token });
      expect(t.code).toBe(0);
      acked.push(`tech ${i}`);
      live.send(`customer ${i}`);
      await live.waitFor(
        (e) => e.type === 'sent' && (e.message as { body: string }).body === `customer ${i}`,
        `ack ${i}`,
      );
      acked.push(`customer ${i}`);
    }
    const watcher = new LiveDesk(['chat', 'watch', String(chatId), '--json'], desk.env(sam.token));
    await watcher.waitFor((e) => e.type === 'ready', 'watch is live');

    // Chat 2: offered to Kim (10 minutes to answer). Chat 3: Sam invites Ona (2 minutes to accept).
    await desk.run(['status', 'available'], { token: kim.token });
    const ona = await customer(company, 'Ona');
    const oli = await customer(company, 'Oli');
    const second = new LiveDesk(['customer', 'chat', '--profile', oli.profile, '--queue', 'slow'], desk.env());
    const offeredId = ((await second.waitFor((e) => e.type === 'chat', 'chat 2')).chat as { id: number }).id;
    expect((await desk.json<{ offeredTo: { id: number } }>(['chat', 'show', String(offeredId)])).offeredTo.id).toBe(
      kim.id,
    );
    const invite = await desk.json<{ chat: { id: number } }>(['chat', 'start', '--contact', String(ona.id)], {
      token: sam.token,
    });

    const port = desk.server.port;
    await desk.server.stop('SIGKILL');
    await desk.server.start(port);
    // (The manual clock restarts at the real time, a few seconds on: the deadlines below are minutes away.)

    // Every acknowledged message is there.
    const shown = await desk.json<{ messages: Array<{ body: string }> }>(['chat', 'show', String(chatId)], {
      token: sam.token,
    });
    const bodies = shown.messages.map((m) => m.body);
    for (const b of acked) expect(bodies).toContain(b);

    // The streams resume: a message after the restart reaches the customer and the watcher.
    expect(
      (await desk.run(['chat', 'send', String(chatId), '--message', 'after restart'], { token: sam.token })).code,
    ).toBe(0);
    await live.waitFor(
      (e) => e.type === 'message' && (e.message as { body: string }).body === 'after restart',
      'resumed customer stream',
      20_000,
    );
    await watcher.waitFor(
      (e) => e.type === 'message' && (e.message as { message?: unknown; body?: string }).body === 'after restart',
      'resumed watch stream',
      20_000,
    );
    live.send('me too');
    await live.waitFor(
      (e) => e.type === 'sent' && (e.message as { body: string }).body === 'me too',
      'send after restart',
    );

    // Pending deadlines still fire: the invitation expires at 2 minutes …
    await clock({ advanceMs: 120_000 });
    expect((await desk.json<{ state: string }>(['chat', 'show', String(invite.chat.id)])).state).toBe('expired');
    // … the chat gets its ticket at 5 minutes of conversation …
    await clock({ advanceMs: 180_000 });
    const withTicket = await desk.json<{ ticketId: number | null }>(['chat', 'show', String(chatId)]);
    expect(withTicket.ticketId).toEqual(expect.any(Number));
    // … and Kim's unanswered offer times out at 10 minutes: RONA.
    await clock({ advanceMs: 300_000 });
    expect((await desk.json<{ state: string }>(['status'], { token: kim.token })).state).toBe('rona');

    expect((await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: sam.token })).code).toBe(
      0,
    );
    await watcher.waitFor(
      (e) => e.type === 'chat.updated' && (e.chat as { state: string }).state === 'ended',
      'watch end',
    );
    expect(await watcher.exited).toBe(0);
    expect(await live.exited).toBe(0);
    second.kill();
  });
});
