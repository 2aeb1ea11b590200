/**
 * "My tickets" through the customer API with the browser's cookie: a customer lists and reads their
 * own tickets with public replies only (never an internal note or its file), authors' names and the
 * replies' files; another customer gets 404 for the ticket, its files and the chat; colleagues see
 * each other's tickets only with `portal.company-tickets` on; and the customer stream carries a
 * technician's public reply and status change live, never a note, never to another customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CookieStream, PortalDesk } from '../helpers/portal.js';
import { customerTicketCommentedSchema, customerTicketStatusSchema } from '../../src/core/customer-tickets.js';

describe.each(['sqlite', 'postgres'] as const)("the customer's tickets in the portal (%s)", (kind) => {
  let d: PortalDesk;
  let acme: number;
  let mel: Awaited<ReturnType<PortalDesk['browserCustomer']>>;
  let otto: Awaited<ReturnType<PortalDesk['browserCustomer']>>;
  let stranger: Awaited<ReturnType<PortalDesk['browserCustomer']>>;
  let melTicket: number;
  let ottoTicket: number;
  let strangerTicket: number;
  const admin = () => d.adminToken;

  const ticketFor = async (companyId: number, requesterId: number, title: string) =>
    (await d.tech<{ id: number }>(admin(), 'POST', '/v1/tickets', { title, companyId, requesterId })).id;

  const upload = async (ticketId: number, name: string, text: string): Promise<number> => {
    const res = await fetch(`${d.url}/v1/tickets/${ticketId}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin()}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(text),
    });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: number }).id;
  };

  const comment = (ticketId: number, body: Record<string, unknown>) =>
    d.tech(admin(), 'POST', `/v1/tickets/${ticketId}/comments`, body);

  const stream = async (who: { cookie: string }): Promise<CookieStream> => {
    const s = await d.cookieStream(who.cookie, d.url, await d.headSeq());
    if (typeof s === 'number') throw new Error(`stream refused: ${s}`);
    return s;
  };

  beforeAll(async () => {
    d = await PortalDesk.start(kind);
    acme = await d.company('Acme');
    const globex = await d.company('Globex');
    mel = await d.browserCustomer(acme, 'Melissa Grant');
    otto = await d.browserCustomer(acme, 'Otto Colleague');
    stranger = await d.browserCustomer(globex, 'Sam Stranger');
    melTicket = await ticketFor(acme, mel.id, 'Printer jams');
    ottoTicket = await ticketFor(acme, otto.id, 'VPN drops');
    strangerTicket = await ticketFor(globex, stranger.id, 'Globex laptop');
  });
  afterAll(async () => {
    await d?.close();
  });

  it('shows the requester their ticket with public replies and their files, never a note or its file', async () => {
    const guide = await upload(melTicket, 'guide.txt', 'open tray 2, pull the paper out\n');
    const secret = await upload(melTicket, 'secret.txt', 'the admin password is hunter2\n');
    await comment(melTicket, { kind: 'note', body: 'INTERNAL: customer broke it again', attachmentIds: [secret] });
    await comment(melTicket, { kind: 'reply', body: 'Please follow the attached guide.', attachmentIds: [guide] });

    const list = await d.asBrowser(mel.cookie, 'GET', '/v1/customer/tickets');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { id: number }) => t.id)).toEqual([melTicket]);
    expect(list.body.items[0]).toMatchObject({
      id: melTicket,
      number: melTicket,
      title: 'Printer jams',
      status: 'open',
      requester: { id: mel.id, name: 'Melissa Grant' },
    });

    const detail = await d.asBrowser(mel.cookie, 'GET', `/v1/customer/tickets/${melTicket}`);
    expect(detail.status).toBe(200);
    expect(detail.body.comments).toEqual([
      {
        id: expect.any(Number),
        author: { kind: 'technician', name: 'Ada Admin' },
        body: 'Please follow the attached guide.',
        truncated: false,
        createdAt: expect.any(String),
        attachments: [{ id: guide, name: 'guide.txt', size: 32, mime: 'text/plain; charset=utf-8' }],
      },
    ]);
    expect(JSON.stringify(detail.body)).not.toMatch(/INTERNAL|secret\.txt|hunter2/);

    const file = await d.asBrowser(mel.cookie, 'GET', `/v1/customer/tickets/${melTicket}/files/${guide}`);
    expect(file.status).toBe(200);
    expect(file.body).toBe('open tray 2, pull the paper out\n');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="guide.txt"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const noteFile = await d.asBrowser(mel.cookie, 'GET', `/v1/customer/tickets/${melTicket}/files/${secret}`);
    expect(noteFile.status).toBe(404);
    expect(noteFile.body).not.toContain('hunter2');
  });

  it("answers 404 for another customer's ticket, its files and chat, and lists none of them", async () => {
    const guide = await upload(melTicket, 'more.txt', 'more help\n');
    await comment(melTicket, { kind: 'reply', body: 'One more thing.', attachmentIds: [guide] });
    const chat = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/chats', { body: {} });
    expect(chat.status).toBe(201);
    const chatId = (chat.body as { chat: { id: number } }).chat.id;
    expect((await d.asBrowser(mel.cookie, 'GET', `/v1/customer/chats/${chatId}`)).status).toBe(200);
    for (const who of [stranger, otto]) {
      expect((await d.asBrowser(who.cookie, 'GET', `/v1/customer/tickets/${melTicket}`)).status).toBe(404);
      expect((await d.asBrowser(who.cookie, 'GET', `/v1/customer/tickets/${melTicket}/files/${guide}`)).status).toBe(
        404,
      );
      expect((await d.asBrowser(who.cookie, 'GET', `/v1/customer/chats/${chatId}`)).status).toBe(404);
      const reply = await d.asBrowser(who.cookie, 'POST', `/v1/customer/tickets/${melTicket}/comments`, {
        body: { body: 'let me in' },
      });
      expect(reply.status).toBe(404);
    }
    const theirs = await d.asBrowser(stranger.cookie, 'GET', '/v1/customer/tickets');
    expect(theirs.body.items.map((t: { id: number }) => t.id)).toEqual([strangerTicket]);
  });

  it("shows company colleagues' tickets only while portal.company-tickets is on", async () => {
    const before = await d.asBrowser(otto.cookie, 'GET', '/v1/customer/tickets');
    expect(before.body.items.map((t: { id: number }) => t.id)).toEqual([ottoTicket]);
    await d.setting('portal.company-tickets', 'on');
    try {
      const after = await d.asBrowser(otto.cookie, 'GET', '/v1/customer/tickets');
      expect(after.body.items.map((t: { id: number }) => t.id).sort()).toEqual([melTicket, ottoTicket].sort());
      const detail = await d.asBrowser(otto.cookie, 'GET', `/v1/customer/tickets/${melTicket}`);
      expect(detail.status).toBe(200);
      expect(JSON.stringify(detail.body)).not.toContain('INTERNAL');
      expect((await d.asBrowser(stranger.cookie, 'GET', `/v1/customer/tickets/${melTicket}`)).status).toBe(404);

      const live = await stream(otto);
      await comment(melTicket, { kind: 'reply', body: 'Colleagues may read this.' });
      await live.waitFor(
        (e) => e.type === 'customer.ticket-commented' && e.data.comment.body === 'Colleagues may read this.',
        "the colleague's reply",
      );
      await d.setting('portal.company-tickets', 'off');
      await comment(melTicket, { kind: 'reply', body: 'Only Melissa now.' });
      await comment(ottoTicket, { kind: 'reply', body: 'Your own VPN reply.' });
      await live.waitFor((e) => e.data.comment?.body === 'Your own VPN reply.', 'their own reply');
      expect(JSON.stringify(live.events)).not.toContain('Only Melissa now.');
      live.close();
    } finally {
      await d.setting('portal.company-tickets', null);
    }
  });

  it('streams a public reply and a status change to the requester live, never a note, never to others', async () => {
    const melLive = await stream(mel);
    const strangerLive = await stream(stranger);
    const techUrl = `${d.url.replace(/^http/, 'ws')}/v1/events?since=${await d.headSeq()}`;
    const techLive = await new CookieStream(new WebSocket(techUrl, { headers: { authorization: `Bearer ${admin()}` } }))
      .opened;
    if (typeof techLive === 'number') throw new Error(`technician stream refused: ${techLive}`);
    await comment(melTicket, { kind: 'note', body: 'NOTE: do not tell the customer' });
    await comment(melTicket, { kind: 'reply', body: 'We replaced the toner.', status: 'resolved' });
    const replied = await melLive.waitFor(
      (e) => e.type === 'customer.ticket-commented' && e.data.comment.body === 'We replaced the toner.',
      'the public reply',
    );
    expect(customerTicketCommentedSchema.parse(replied.data).comment.author).toEqual({
      kind: 'technician',
      name: 'Ada Admin',
    });
    expect(replied.data.ticket).toMatchObject({ id: melTicket, status: 'resolved' });
    const resolved = await melLive.waitFor((e) => e.type === 'customer.ticket-status-changed', 'the status change');
    expect(customerTicketStatusSchema.parse(resolved.data).ticket).toMatchObject({ id: melTicket, status: 'resolved' });
    expect(JSON.stringify(melLive.events)).not.toContain('NOTE: do not tell');

    // The customer's reply from the page reopens the resolved ticket, and their stream says so.
    const reply = await d.asBrowser(mel.cookie, 'POST', `/v1/customer/tickets/${melTicket}/comments`, {
      body: { body: 'It jams again.' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.reopened).toBe(true);
    const reopened = await melLive.waitFor(
      (e) => e.type === 'customer.ticket-status-changed' && e.data.ticket.status === 'open',
      'the reopening',
    );
    expect(reopened.data.ticket.id).toBe(melTicket);
    // Technicians get the full ticket events, not the requester's view of them.
    await techLive.waitFor(
      (e) => e.type === 'ticket.commented' && e.data.comment.body === 'It jams again.',
      "the customer's reply on the technician stream",
    );
    expect(techLive.events.filter((e) => e.type.startsWith('customer.'))).toEqual([]);
    techLive.close();
    const shown = await d.asBrowser(mel.cookie, 'GET', `/v1/customer/tickets/${melTicket}`);
    expect(shown.body.status).toBe('open');
    expect(shown.body.comments.at(-1)).toMatchObject({
      author: { kind: 'contact', name: 'Melissa Grant' },
      body: 'It jams again.',
    });

    // A later event of the stranger's own arrives after everything above: nothing of Melissa's came first.
    await comment(strangerTicket, { kind: 'reply', body: 'Globex answer.' });
    await strangerLive.waitFor((e) => e.data.comment?.body === 'Globex answer.', "the stranger's own reply");
    expect(strangerLive.events.every((e) => e.data.ticket?.id === strangerTicket)).toBe(true);
    melLive.close();
    strangerLive.close();
  });
});
