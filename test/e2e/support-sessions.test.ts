/**
 * Support sessions through the desk command on a real server (SQLite and PostgreSQL): an invitation
 * by single-use link for an unknown address, an assistant joining by session number, control passed
 * to the assistant and back, leaving without control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import type { SeededTechnician } from '../helpers/seed.js';

interface Shown {
  id: number;
  state: string;
  sessionNumber: string;
  owner: { id: number; name: string } | null;
  participants: Array<{ technician: { name: string }; role: string; state: string }>;
  messages: Array<{ body: string; author: { kind: string; name: string } }>;
}

describe.each<DbKind>(['sqlite', 'postgres'])('support sessions by link and number (%s)', (kind) => {
  let desk: Desk;
  let acme: number;
  let other: number;
  let sam: SeededTechnician;
  let kim: SeededTechnician;
  let lee: SeededTechnician;

  beforeAll(async () => {
    desk = await startDesk(kind, { testClock: true });
    acme = await desk.seed.company('Acme');
    other = await desk.seed.company('Globex');
    await desk.seed.wrapup('Resolved');
    sam = await desk.seed.technician('Sam', { grant: [acme] });
    kim = await desk.seed.technician('Kim', { grant: [acme] });
    lee = await desk.seed.technician('Lee', { grant: [other] });
  });
  afterAll(async () => {
    await desk?.close();
  });

  const show = (id: number, token: string) => desk.json<Shown>(['chat', 'show', String(id)], { token });
  const say = (id: number, text: string, token: string) =>
    desk.run(['chat', 'send', String(id), '--message', text], { token });

  it('invite by link → the link opens a session once → an assistant joins by number → control there and back', async () => {
    // An unknown address needs a company, one the technician may see.
    const bare = await desk.run(['chat', 'invite', '--email', 'nia@newco.example'], { token: sam.token });
    expect(bare.code).toBe(5);
    expect(bare.stderr).toContain('no contact has the address nia@newco.example: give the company');
    const hidden = await desk.run(['chat', 'invite', '--email', 'nia@newco.example', '--company', String(other)], {
      token: sam.token,
    });
    expect(hidden.code).toBe(3);
    const invite = await desk.run(
      ['chat', 'invite', '--email', 'nia@newco.example', '--name', 'Nia New', '--company', String(acme)],
      { token: sam.token },
    );
    expect(invite.code, invite.stderr).toBe(0);
    const url = invite.stdout.trim();
    expect(url).toMatch(new RegExp(`^${desk.server.url}/join/dj_[0-9a-f]{64}$`));
    expect(invite.stderr).toContain('Added Nia New <n**@newco.example> as a contact');
    const contacts = await desk.seed.admin<Array<{ email: string; company: { id: number } }>>('GET', '/v1/contacts');
    expect(contacts).toContainEqual(
      expect.objectContaining({
        name: 'Nia New',
        email: 'n**@newco.example',
        company: expect.objectContaining({ id: acme }),
      }),
    );

    // The customer opens the link: a session at once, the invitation accepted; the link is dead afterwards.
    const joined = await desk.json<{ chatId: number; profile: string; customer: { name: string } }>(
      ['customer', 'join', url, '--profile', 'nia'],
      { env: { DESK_SERVER: '' } },
    );
    expect(joined).toMatchObject({ profile: 'nia', customer: { name: 'Nia New' } });
    const chatId = joined.chatId;
    const again = await desk.run(['customer', 'join', url, '--profile', 'nia2']);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('this join link was used already; ask your technician for a new link');
    const shown = await show(chatId, sam.token);
    expect(shown.state).toBe('active');
    expect(shown.sessionNumber).toMatch(/^[1-9]\d{8}$/);
    expect(shown.messages.map((m) => m.body)).toContain('Nia New accepted the chat');
    const number = shown.sessionNumber;

    // Kim joins by number as an assistant; Lee, who may not see Acme, is told there is no such session.
    expect((await desk.run(['chat', 'join', '12345'], { token: kim.token })).code).toBe(5);
    const unseen = await desk.run(['chat', 'join', number], { token: lee.token });
    expect(unseen.code).toBe(3);
    expect(unseen.stderr).toContain(`an open support session with number ${number}`);
    const kimJoin = await desk.run(['chat', 'join', number], { token: kim.token });
    expect(kimJoin.code, kimJoin.stderr).toBe(0);
    expect(kimJoin.stderr).toContain(`Joined chat ${chatId} with Nia New as an assistant; Sam has control`);
    expect((await say(chatId, 'Kim from networking here', kim.token)).code).toBe(0);
    // The assistant talks but neither ends nor transfers.
    const kimEnds = await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: kim.token });
    expect(kimEnds.code).toBe(4);
    expect(kimEnds.stderr).toContain("only the chat's owner can end it");
    const kimTransfers = await desk.run(
      ['chat', 'transfer', String(chatId), '--to-technician', String(lee.id), '--reason', 'Resolved'],
      { token: kim.token },
    );
    expect(kimTransfers.code).toBe(4);

    // Control to Kim: Sam stays and talks, but cannot end; Kim hands control back.
    expect(
      (await desk.run(['chat', 'control', String(chatId), '--to', String(lee.id)], { token: sam.token })).code,
    ).toBe(5);
    const toKim = await desk.run(['chat', 'control', String(chatId), '--to', String(kim.id)], { token: sam.token });
    expect(toKim.code, toKim.stderr).toBe(0);
    expect(toKim.stderr).toContain(`Passed control of chat ${chatId} to Kim; you stay in it`);
    let now = await show(chatId, sam.token);
    expect(now.owner?.name).toBe('Kim');
    expect(now.participants.map((p) => [p.technician.name, p.role, p.state])).toEqual(
      expect.arrayContaining([
        ['Sam', 'assistant', 'active'],
        ['Kim', 'owner', 'active'],
      ]),
    );
    expect((await say(chatId, 'Sam still here', sam.token)).code).toBe(0);
    expect((await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: sam.token })).code).toBe(
      4,
    );
    expect(
      (await desk.run(['chat', 'control', String(chatId), '--to', String(kim.id)], { token: sam.token })).code,
    ).toBe(4);
    const back = await desk.run(['chat', 'control', String(chatId), '--to', String(sam.id)], { token: kim.token });
    expect(back.code, back.stderr).toBe(0);
    now = await show(chatId, sam.token);
    expect(now.owner?.name).toBe('Sam');

    // Without control Kim leaves; Sam, with control, may not leave.
    expect((await desk.run(['chat', 'leave', String(chatId)], { token: kim.token })).code).toBe(0);
    const samLeaves = await desk.run(['chat', 'leave', String(chatId)], { token: sam.token });
    expect(samLeaves.code).toBe(4);
    expect((await say(chatId, 'gone?', kim.token)).code).toBe(4);
    now = await show(chatId, sam.token);
    expect(now.messages.filter((m) => m.author.kind === 'system').map((m) => m.body)).toEqual(
      expect.arrayContaining([
        'Kim joined the session as an assistant',
        'Sam passed control of the session to Kim',
        'Kim passed control of the session to Sam',
        'Kim left the conversation',
      ]),
    );
    expect(now.messages.find((m) => m.body === 'Sam still here')?.author.name).toBe('Sam');
    expect((await desk.run(['chat', 'end', String(chatId), '--reason', 'Resolved'], { token: sam.token })).code).toBe(
      0,
    );
    // An ended session's number leads nowhere.
    expect((await desk.run(['chat', 'join', number], { token: kim.token })).code).toBe(3);
  });

  it('the link expires with the invitation (chat.invite-timeout)', async () => {
    await desk.seed.contact(acme, 'Otto Late', { email: 'otto@customer.example' });
    const invite = await desk.run(['chat', 'invite', '--email', 'otto@customer.example'], { token: sam.token });
    expect(invite.code, invite.stderr).toBe(0);
    await desk.seed.advance(121_000);
    const late = await desk.run(['customer', 'join', invite.stdout.trim(), '--profile', 'otto']);
    expect(late.code).toBe(5);
    expect(late.stderr).toContain('this join link expired');
  });
});
