/** After a transfer the chat's ticket follows the chat's new owner (logged), on both databases. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('chat ticket after a transfer (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it("the chat's ticket is assigned to whoever accepts the transfer", async () => {
    const { h, company } = desk;
    const sam = await h.technician('Sam First', { grant: [company], available: true });
    const kim = await h.technician('Kim Next', { grant: [company] });
    const cust = await h.customer(company, 'Ticket Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', { message: 'help' });
    const chatId = req.chat.id;
    await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/accept`);
    const made = await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/ticket`, {});
    const ticketPath = `/v1/tickets/${made.ticketId}`;
    expect((await h.ok(sam.token, 'GET', ticketPath)).assignee).toMatchObject({ id: sam.id });
    await h.ok(sam.token, 'POST', `/v1/chats/${chatId}/transfer`, { toTechnicianId: kim.id, reason: 'Transferred' });
    // Pending: the ticket stays with Sam.
    expect((await h.ok(sam.token, 'GET', ticketPath)).assignee).toMatchObject({ id: sam.id });
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/accept`);
    const ticket = await h.ok(kim.token, 'GET', ticketPath);
    expect(ticket.assignee).toMatchObject({ id: kim.id, name: 'Kim Next' });
    expect(ticket.activity).toContainEqual(
      expect.objectContaining({ field: 'assignee', oldValue: 'Sam First', newValue: 'Kim Next' }),
    );
    await h.ok(kim.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    await h.ok(sam.token, 'PUT', '/v1/status', { state: 'offline' });
  });
});
