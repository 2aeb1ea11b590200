/**
 * Chat routing through the desk command: an offer left unanswered (RONA) and a pick-mode race.
 * A server of its own for each test (see helpers/chat-cli.ts).
 */
import { describe, expect, it } from 'vitest';
import { useChatCliDesk } from '../helpers/chat-cli.js';

describe('live chat through the desk command (SQLite)', { timeout: 60_000 }, () => {
  const cd = useChatCliDesk();
  const { advance, customer, customerChat } = cd;

  it('an offer not answered in time puts the technician in RONA and goes to the next', async () => {
    expect((await cd.desk.run(['admin', 'queues', 'add', 'hotline', '--offer-timeout', '30s'])).code).toBe(0);
    const { id: samId, token: sam } = cd.techs.Sam!;
    const { id: kimId, token: kim } = cd.techs.Kim!;
    expect(
      (await cd.desk.run(['admin', 'queues', 'members', 'hotline', '--add', String(samId), '--add', String(kimId)]))
        .code,
    ).toBe(0);
    await cd.desk.run(['status', 'available'], { token: sam });
    await advance(1000);
    await cd.desk.run(['status', 'available'], { token: kim });
    const ona = await customer('Ona');
    const live = customerChat(ona.profile, ['--queue', 'hotline']);
    const opened = await live.waitFor((e) => e.type === 'chat', 'chat opened');
    const chatId = (opened.chat as { id: number }).id;
    const first = await cd.desk.json<{ offeredTo: { id: number } }>(['chat', 'show', String(chatId)], { token: sam });
    expect(first.offeredTo.id).toBe(samId); // idle longest
    await advance(30_000);
    const status = await cd.desk.run(['status'], { token: sam });
    expect(status.stdout).toContain('RONA');
    expect((await cd.desk.json<{ state: string }>(['status'], { token: sam })).state).toBe('rona');
    const second = await cd.desk.json<{ state: string; offeredTo: { id: number } }>(['chat', 'show', String(chatId)], {
      token: kim,
    });
    expect(second).toMatchObject({ state: 'offered', offeredTo: { id: kimId } });
    expect((await cd.desk.run(['chat', 'accept', String(chatId)], { token: kim })).code).toBe(0);
    await live.waitFor((e) => e.type === 'state' && e.state === 'active', 'active');
    live.send('/end');
    expect(await live.exited).toBe(0);
    await cd.desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: kim });
    await cd.desk.run(['status', 'offline'], { token: sam });
    await cd.desk.run(['status', 'offline'], { token: kim });
  });

  it('pick mode: two technicians race to take a request and exactly one wins', async () => {
    expect((await cd.desk.run(['admin', 'queues', 'add', 'pickers', '--mode', 'pick'])).code).toBe(0);
    const { id: samId, token: sam } = cd.techs.Sam!;
    const { id: kimId, token: kim } = cd.techs.Kim!;
    await cd.desk.run(['admin', 'queues', 'members', 'pickers', '--add', String(samId), '--add', String(kimId)]);
    await cd.desk.run(['status', 'available'], { token: sam });
    await cd.desk.run(['status', 'available'], { token: kim });
    const pia = await customer('Pia');
    const live = customerChat(pia.profile, ['--queue', 'pickers']);
    const chatId = ((await live.waitFor((e) => e.type === 'chat', 'chat opened')).chat as { id: number }).id;
    const [a, b] = await Promise.all([
      cd.desk.run(['chat', 'take', String(chatId)], { token: sam }),
      cd.desk.run(['chat', 'take', String(chatId)], { token: kim }),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 5]);
    const loser = a.code === 0 ? b : a;
    expect(loser.stderr).toContain('taken by someone else');
    const owner = await cd.desk.json<{ owner: { id: number } }>(['chat', 'show', String(chatId)]);
    expect(owner.owner.id).toBe(a.code === 0 ? samId : kimId);
    live.send('/end');
    expect(await live.exited).toBe(0);
    await cd.desk.run(['status', 'offline'], { token: sam });
    await cd.desk.run(['status', 'offline'], { token: kim });
  });
});
