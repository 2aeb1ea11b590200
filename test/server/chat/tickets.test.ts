/** The tickets of chats: made after the conversation threshold, or the chat started from a ticket. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('chat tickets (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('makes a ticket after the conversation threshold, with the transcript, and appends the rest at the end', async () => {
    const { h, company } = desk;
    await h.ok(h.adminToken, 'PUT', '/v1/settings', { key: 'chat.auto-ticket-after', value: '10s' });
    const t = await h.technician('Tia Ticket', { grant: [company], available: true });
    const cust = await h.customer(company, 'Ticket Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'hello' });
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/messages`, { body: 'first answer' });
    await h.advance(9000);
    expect((await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`)).ticketId).toBeNull();
    await h.advance(1000);
    const chat = await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`);
    expect(chat.ticketId).toEqual(expect.any(Number));
    let ticket = await h.ok(t.token, 'GET', `/v1/tickets/${chat.ticketId}`);
    expect(ticket.title).toBe('New ticket opened from chat');
    expect(ticket.requester.id).toBe(cust.id);
    expect(ticket.comments[0].body).toContain('first answer');
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${req.chat.id}/messages`, { body: 'late words' });
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    ticket = await h.ok(t.token, 'GET', `/v1/tickets/${chat.ticketId}`);
    expect(ticket.comments).toHaveLength(2);
    expect(ticket.comments[1].body).toContain('late words');
    const renamed = await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/ticket`, { title: 'Printer fire' });
    expect(renamed).toEqual({ ticketId: chat.ticketId, created: false, title: 'Printer fire' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('starting a chat from a ticket links it and reuses my open chat on that ticket', async () => {
    const { h, company } = desk;
    const t = await h.technician('Tim Ticketchat', { grant: [company] });
    const cust = await h.customer(company, 'Ticket Chat Customer');
    const ticket = await h.ok(t.token, 'POST', '/v1/tickets', {
      title: 'Laptop',
      companyId: company,
      requesterId: cust.id,
    });
    const first = await h.ok(t.token, 'POST', '/v1/chats', { ticketId: ticket.id, message: 'About your laptop' });
    expect(first).toMatchObject({ reused: false, chat: { ticketId: ticket.id, state: 'offered' } });
    const again = await h.ok(t.token, 'POST', '/v1/chats', { ticketId: ticket.id });
    expect(again).toMatchObject({ reused: true, chat: { id: first.chat.id } });
    const noRequester = await h.ok(t.token, 'POST', '/v1/tickets', { title: 'Orphan', companyId: company });
    expect((await h.call(t.token, 'POST', '/v1/chats', { ticketId: noRequester.id })).status).toBe(400);
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${first.chat.id}/accept`);
    await h.ok(cust.token, 'POST', `/v1/customer/chats/${first.chat.id}/messages`, { body: 'It is slow' });
    await h.ok(t.token, 'POST', `/v1/chats/${first.chat.id}/end`, { reason: 'Resolved' });
    // The conversation is appended to the ticket it was started from.
    const detail = await h.ok(t.token, 'GET', `/v1/tickets/${ticket.id}`);
    expect(detail.comments.at(-1).body).toContain('It is slow');
  });
});
