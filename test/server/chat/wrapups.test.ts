/**
 * Wrap-up reasons per technician, on both databases: each technician who leaves a conference gives
 * theirs, one removed from it or still in a chat that ended owes theirs and is told, the owner of a
 * chat the customer ended gives theirs afterwards, and the chats report counts every reason given.
 */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import type { ChatHarness } from '../../helpers/chat-api.js';
import { chatDeskPerTest } from './chat-desk.js';

interface Wrapup {
  technician: { id: number };
  reason: string | null;
  due: boolean;
}

/** Each technician's wrap-up reason in the chat's details: [reason, still owed]. */
async function parts(h: ChatHarness, token: string, chatId: number): Promise<Record<number, [string | null, boolean]>> {
  const chat = await h.ok<{ wrapups: Wrapup[] }>(token, 'GET', `/v1/chats/${chatId}`);
  return Object.fromEntries(chat.wrapups.map((w) => [w.technician.id, [w.reason, w.due]]));
}

describe.each<DbKind>(['sqlite', 'postgres'])('wrap-up reasons per technician (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  /** An active chat owned by Owen with Cora in its conference. */
  async function conferenceChat() {
    const { h, company } = desk;
    const owen = await h.technician('Owen Owner', { grant: [company], available: true });
    const cora = await h.technician('Cora Conf', { grant: [company] });
    const cust = await h.customer(company, 'Wrap Customer');
    const chatId = (await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'help' })).chat.id as number;
    await h.ok(owen.token, 'POST', `/v1/chats/${chatId}/accept`);
    await h.ok(owen.token, 'POST', `/v1/chats/${chatId}/conference`, { technicianId: cora.id });
    await h.ok(cora.token, 'POST', `/v1/chats/${chatId}/accept`);
    return { owen, cora, cust, chatId };
  }

  it('a chat the customer ended: owner and conference technician each owe and give their reason', async () => {
    const { h } = desk;
    const { owen, cora, cust, chatId } = await conferenceChat();
    const coraEvents = await h.stream(cora.token);
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${chatId}/end`);
    const told = await coraEvents.waitFor(
      (e) => e.type === 'chat.notice' && e.data.kind === 'wrapup-due' && e.data.chatId === chatId,
      'wrap-up notice',
    );
    coraEvents.close();
    expect(told.data.text).toContain(`desk chat wrap-up ${chatId} --reason`);
    expect(await parts(h, owen.token, chatId)).toEqual({ [owen.id]: [null, true], [cora.id]: [null, true] });
    const due = await h.ok(cora.token, 'GET', '/v1/chats?wrapupDue=true');
    expect(due.items.map((c: { id: number }) => c.id)).toEqual([chatId]);

    // A reason not on the list changes nothing.
    expect((await h.call(cora.token, 'POST', `/v1/chats/${chatId}/wrapup`, { reason: 'Nope' })).status).toBe(400);
    await h.ok(cora.token, 'POST', `/v1/chats/${chatId}/wrapup`, { reason: 'transferred' });
    // The owner gives theirs with `end` as before; it is the chat's reason.
    const ended = await h.ok(owen.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    expect(ended.state).toBe('ended');
    expect(await parts(h, owen.token, chatId)).toEqual({
      [owen.id]: ['Resolved', false],
      [cora.id]: ['Transferred', false],
    });
    expect((await h.ok(owen.token, 'GET', `/v1/chats/${chatId}`)).wrapup).toBe('Resolved');
    expect((await h.ok(cora.token, 'GET', '/v1/chats?wrapupDue=true')).items).toEqual([]);
    // Given once: a second answer is refused.
    const again = await h.call(cora.token, 'POST', `/v1/chats/${chatId}/wrapup`, { reason: 'Resolved' });
    expect(again.status).toBe(409);
    expect((again.body as { error: { message: string } }).error.message).toContain('already (Transferred)');

    const report = await h.ok(h.adminToken, 'GET', '/v1/reports/chats');
    expect(report.totals.wrapups).toEqual([
      { label: 'Resolved', count: 1, share: 0.5 },
      { label: 'Transferred', count: 1, share: 0.5 },
    ]);
  });

  it('leaving a conference asks for the reason; one removed by the owner owes it', async () => {
    const { h, company } = desk;
    const { owen, cora, chatId } = await conferenceChat();
    const refused = await h.call(cora.token, 'POST', `/v1/chats/${chatId}/end-conference`, { technicianId: cora.id });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { message: string } }).error.message).toContain(
      'give your wrap-up reason for leaving the conference',
    );
    expect((await parts(h, owen.token, chatId))[cora.id]).toBeUndefined();
    await h.ok(cora.token, 'POST', `/v1/chats/${chatId}/end-conference`, { technicianId: cora.id, reason: 'resolved' });
    expect((await parts(h, owen.token, chatId))[cora.id]).toEqual(['Resolved', false]);

    const lee = await h.technician('Lee Later', { grant: [company] });
    await h.ok(owen.token, 'POST', `/v1/chats/${chatId}/conference`, { technicianId: lee.id });
    await h.ok(lee.token, 'POST', `/v1/chats/${chatId}/accept`);
    const leeEvents = await h.stream(lee.token);
    await h.ok(owen.token, 'POST', `/v1/chats/${chatId}/end-conference`, { technicianId: lee.id });
    const told = await leeEvents.waitFor((e) => e.type === 'chat.notice' && e.data.kind === 'wrapup-due', 'notice');
    leeEvents.close();
    expect(told.data.text).toContain('Owen Owner ended your conference in chat');
    expect((await parts(h, owen.token, chatId))[lee.id]).toEqual([null, true]);
    // `end` from someone who owes a reason gives it, and does not end the owner's chat.
    const given = await h.ok(lee.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Transferred' });
    expect(given.state).toBe('active');
    expect((await parts(h, owen.token, chatId))[lee.id]).toEqual(['Transferred', false]);
    expect((await h.call(lee.token, 'POST', `/v1/chats/${chatId}/wrapup`, { reason: 'Resolved' })).status).toBe(409);
  });

  it('the owner ending a conference chat gives theirs; the technician still in it owes one; a transfer gives the leaving owner’s', async () => {
    const { h, company } = desk;
    const { owen, cora, chatId } = await conferenceChat();
    const kim = await h.technician('Kim Next', { grant: [company] });
    await h.ok(owen.token, 'POST', `/v1/chats/${chatId}/transfer`, { toTechnicianId: kim.id, reason: 'Transferred' });
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/accept`);
    expect((await parts(h, kim.token, chatId))[owen.id]).toEqual(['Transferred', false]);
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    expect(await parts(h, kim.token, chatId)).toEqual({
      [owen.id]: ['Transferred', false],
      [cora.id]: [null, true],
      [kim.id]: ['Resolved', false],
    });
    // Someone who owes nothing is told so.
    const none = await h.call(owen.token, 'POST', `/v1/chats/${chatId}/wrapup`, { reason: 'Resolved' });
    expect(none.status).toBe(409);
    await h.ok(cora.token, 'POST', `/v1/chats/${chatId}/wrapup`, { reason: 'Resolved' });
    const report = await h.ok(h.adminToken, 'GET', '/v1/reports/chats');
    expect(report.totals.wrapups).toEqual([
      { label: 'Resolved', count: 2, share: 2 / 3 },
      { label: 'Transferred', count: 1, share: 1 / 3 },
    ]);
  });
});
