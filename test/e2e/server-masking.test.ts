/**
 * The unmask right is enforced by the server (DESIGN §2.5): a technician without it gets card
 * numbers, IBANs, SSNs, e-mail addresses and phone numbers masked in every answer of every route in
 * `/openapi.json` and on the event stream; a technician with the right gets them clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';
import type { SeededTechnician } from '../helpers/seed.js';
import { RawStream } from '../helpers/raw-stream.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read loosely here */

const CARD = '4111 1111 1111 1111';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const SSN = '123-45-6789';
const EMAIL = 'melissa.secret@gmail.com';
const PHONE = '+447966197542';
const SECRET_TEXT = `card ${CARD}, IBAN ${IBAN}, SSN ${SSN}, mail ${EMAIL}, phone ${PHONE}`;

/** Each secret as it must never reach a technician without the right, in any spelling. */
const CLEAR = [
  ['card', /4111[ -]?1111[ -]?1111[ -]?1111/],
  ['IBAN', /DE89[ ]?3704/],
  ['SSN', /123-45-6789/],
  ['e-mail', /melissa\.secret@/],
  ['phone', /\+447966197542/],
] as const;

/** What the masked forms look like (last four kept). */
const MASKED = ['************1111', '*********7542', 'm*************@gmail.com', '*******6789'];

const leaksIn = (text: string) => CLEAR.filter(([, re]) => re.test(text)).map(([kind]) => kind);

describe.each(['sqlite', 'postgres'] as const)(
  'masking by the server for technicians without the unmask right (%s)',
  (kind) => {
    let desk: Desk;
    let nat: SeededTechnician;
    let una: SeededTechnician;
    const ids: Record<string, number> = {};
    let natStream: RawStream;
    let unaStream: RawStream;

    beforeAll(async () => {
      desk = await startDesk(kind);
      const company = await desk.seed.company('Acme');
      nat = await desk.seed.technician('Nat Noright', { grant: [company] });
      una = await desk.seed.technician('Una Unmask', { grant: [company], canUnmask: true });
      natStream = new RawStream(desk.server.url, nat.token);
      unaStream = new RawStream(desk.server.url, una.token);
      await Promise.all([natStream.ready, unaStream.ready]);

      const contact = await desk.seed.contact(company, 'Melissa Secret', { email: EMAIL, phone: PHONE });
      ids.ticket = await desk.seed.ticket(company, {
        title: `Card ${CARD}`,
        requesterId: contact,
        message: SECRET_TEXT,
      });
      await desk.seed.admin('POST', `/v1/tickets/${ids.ticket}/comments`, { kind: 'reply', body: SECRET_TEXT });
      await desk.seed.admin('POST', `/v1/tickets/${ids.ticket}/comments`, { kind: 'note', body: SECRET_TEXT });
      const entry = await desk.seed.admin('POST', '/v1/time/entries', {
        ticketId: ids.ticket,
        technicianId: nat.id,
        durationMs: 600_000,
        note: SECRET_TEXT,
      });
      ids.entry = entry.id;
      const session = await desk.seed.customerSession(EMAIL);
      const chat = await desk.seed.ok(session, 'POST', '/v1/customer/chats', { message: SECRET_TEXT });
      ids.chat = chat.chat.id;
      await desk.seed.ok(session, 'POST', `/v1/customer/chats/${ids.chat}/messages`, { body: SECRET_TEXT });
    });
    afterAll(async () => {
      natStream?.close();
      unaStream?.close();
      await desk?.close();
    });

    /** Every technician GET route of `/openapi.json`, its path parameters filled with what was seeded. */
    async function technicianGets(): Promise<string[]> {
      const doc = (await desk.seed.call('', 'GET', '/openapi.json')).body as { paths: Record<string, any> };
      const urls: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        const get = ops.get;
        if (!get || !JSON.stringify(get.security ?? []).includes('apiToken')) continue;
        if (path === '/v1/events') continue;
        const id = path.startsWith('/v1/chats/')
          ? ids.chat
          : path.startsWith('/v1/time/entries/')
            ? ids.entry
            : ids.ticket;
        const filled = path.replace('{id}', String(id));
        if (/\{\w+\}/.test(filled)) continue;
        urls.push(filled);
      }
      return urls;
    }

    it('answers every route of /openapi.json with customer data masked, and clear to a technician with the right', async () => {
      const leaks: string[] = [];
      const clearToUna: string[] = [];
      for (const url of await technicianGets()) {
        const masked = await desk.seed.call(nat.token, 'GET', url);
        const clear = await desk.seed.call(una.token, 'GET', url);
        expect(`${url} ${masked.status}`).toBe(`${url} ${clear.status}`);
        for (const kind of leaksIn(JSON.stringify(masked.body))) leaks.push(`${url}: ${kind}`);
        if (leaksIn(JSON.stringify(clear.body)).length > 0) clearToUna.push(url);
      }
      expect(leaks).toEqual([]);
      // The routes that carry the seeded customer data: the technician with the right sees it clear.
      expect(clearToUna).toEqual(
        expect.arrayContaining([
          '/v1/tickets',
          `/v1/tickets/${ids.ticket}`,
          '/v1/contacts',
          `/v1/chats/${ids.chat}`,
          '/v1/time/entries',
          `/v1/time/entries/${ids.entry}`,
        ]),
      );
      const contacts = await desk.seed.call(nat.token, 'GET', '/v1/contacts');
      expect(contacts.body.find((c: any) => c.name === 'Melissa Secret')).toMatchObject({
        email: 'm*************@gmail.com',
        phone: '*********7542',
      });
      const clearContacts = await desk.seed.call(una.token, 'GET', '/v1/contacts');
      expect(clearContacts.body.find((c: any) => c.name === 'Melissa Secret')).toMatchObject({
        email: EMAIL,
        phone: PHONE,
      });
    });

    it('shows the masked forms where the clear ones were, and leaves ids and dates alone', async () => {
      const ticket = (await desk.seed.call(nat.token, 'GET', `/v1/tickets/${ids.ticket}`)).body;
      expect(ticket.id).toBe(ids.ticket);
      expect(ticket.title).toBe('Card ************1111');
      const text = JSON.stringify(ticket);
      for (const m of MASKED) expect(text).toContain(m);
      expect(ticket.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    it('masks the event stream for the technician without the right, not for the one with it', async () => {
      const created = (s: RawStream) =>
        s.waitFor((m) => m.type === 'event' && m.event.type === 'ticket.created', 'ticket.created');
      const commented = (s: RawStream) =>
        s.waitFor((m) => m.type === 'event' && m.event.type === 'ticket.commented', 'ticket.commented');
      const chatMessage = (s: RawStream) =>
        s.waitFor((m) => m.type === 'event' && m.event.type === 'chat.message', 'chat.message');
      for (const wait of [created, commented, chatMessage]) {
        const [masked, clear] = await Promise.all([wait(natStream), wait(unaStream)]);
        expect(leaksIn(JSON.stringify(masked))).toEqual([]);
        expect(leaksIn(JSON.stringify(clear)).length).toBeGreaterThan(0);
      }
      expect(natStream.events.flatMap((e) => leaksIn(JSON.stringify(e)).map((k) => `${e.type}: ${k}`))).toEqual([]);
    });

    it('a reply template sent by a technician without the right reaches the customer with their data clear', async () => {
      await desk.seed.admin('POST', '/v1/templates', {
        name: 'Contact check',
        body: 'We have {{requester.email}} on file.',
      });
      const preview = await desk.seed.call(nat.token, 'GET', `/v1/tickets/${ids.ticket}/templates/Contact%20check`);
      expect(preview.body.body).toBe('We have m*************@gmail.com on file.');
      const res = await desk.run(['tickets', 'reply', String(ids.ticket), '--template', 'Contact check'], {
        token: nat.token,
      });
      expect(res.code).toBe(0);
      const seenByUna = (await desk.seed.call(una.token, 'GET', `/v1/tickets/${ids.ticket}`)).body;
      expect(seenByUna.comments.at(-1).body).toBe(`We have ${EMAIL} on file.`);
      const seenByNat = (await desk.seed.call(nat.token, 'GET', `/v1/tickets/${ids.ticket}`)).body;
      expect(seenByNat.comments.at(-1).body).toBe('We have m*************@gmail.com on file.');
    });

    it('`--no-mask` shows the technician with the right their customer data clear', async () => {
      const res = await desk.run(['tickets', 'show', String(ids.ticket), '--no-mask', '--json'], { token: una.token });
      expect(res.code).toBe(0);
      expect(leaksIn(res.stdout)).toEqual(CLEAR.map(([kind]) => kind));
      const refused = await desk.run(['tickets', 'show', String(ids.ticket), '--no-mask'], { token: nat.token });
      expect(refused.code).toBe(4);
    });
  },
);
