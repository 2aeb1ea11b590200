/**
 * The answer to creating a ticket is built from what the write made rather than read back; it must
 * be the ticket a later read shows, whatever the ticket was created with, on both databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/server/store/store.js';
import { createTicket } from '../../../src/server/services/tickets/create.js';
import { showTicket } from '../../../src/server/services/tickets/detail.js';
import { revokeGrant } from '../../../src/server/services/grants.js';
import { customerTicket } from '../../../src/server/services/chat/chat-tickets.js';
import { setSlaPolicy } from '../../../src/server/services/tickets/sla-policies.js';
import { addCustomField } from '../../../src/server/services/tickets/fields.js';
import { createContact, createTechnician, grantCompany } from '../../../src/server/services/people.js';
import { ticketSchema, type Ticket } from '../../../src/core/schemas.js';
import type { Actor } from '../../../src/server/services/actor.js';
import type { TestDatabase, DbKind } from '../../helpers/desk.js';
import { openTicketStore } from '../../helpers/ticket-store.js';

const HOUR = 3_600_000;

describe.each<DbKind>(['sqlite', 'postgres'])('the answer to creating a ticket (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let admin: Actor;
  let company: number;
  let contact: number;
  let sam: number;

  beforeEach(async () => {
    ({ db, store, admin, company } = await openTicketStore(kind));
    contact = (
      await createContact(store, admin, {
        companyId: company,
        name: 'Melissa Grant',
        email: 'm@acme.com',
        phone: '+44 7966 197542',
      })
    ).id;
    sam = (await createTechnician(store, admin, { name: 'Sam Rivera', email: 'sam@example.com' })).id;
    await grantCompany(store, admin, { technicianId: sam, companyId: company });
    await setSlaPolicy(store, admin, { priority: 'high', responseMs: HOUR, resolutionMs: 8 * HOUR });
    await addCustomField(store, admin, { name: 'Asset', kind: 'text' });
  });
  /** The ticket's fields as `GET /v1/tickets/:id` shows them (without its comments and other sections). */
  async function readBack(id: number): Promise<Ticket> {
    const detail = await showTicket(store, admin, id);
    return ticketSchema.parse(detail);
  }

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const inputs: Array<[string, Record<string, unknown>]> = [
    ['a title alone', { title: 'Printer jam' }],
    [
      'a requester, an assignee, one tag, an SLA policy and a product family',
      {
        title: 'VPN drops',
        requesterId: 'contact',
        assigneeId: 'sam',
        priority: 'high',
        type: 'problem',
        impact: 'major',
        tags: ['network'],
        productFamily: 'Networking',
        message: 'Reported by phone',
      },
    ],
    ['several tags', { title: 'Outlook', tags: ['mail', 'Accounts', 'b-2', 'a_1', 'mail'] }],
    ['a custom field', { title: 'Laptop', fields: { Asset: 'LT-0042' } }],
  ];

  it.each(inputs)('with %s is what a read shows', async (_name, raw) => {
    const input = {
      ...raw,
      companyId: company,
      ...(raw.requesterId ? { requesterId: contact } : {}),
      ...(raw.assigneeId ? { assigneeId: sam } : {}),
    };
    const created = await createTicket(store, admin, input);
    expect(created).toEqual(await readBack(created.id));
    expect(created.company.name).toBe('Acme');
  });

  it('names the requester, assignee and SLA clock it was given', async () => {
    const created = await createTicket(store, admin, {
      title: 'VPN drops',
      companyId: company,
      requesterId: contact,
      assigneeId: sam,
      priority: 'high',
    });
    expect(created.requester).toEqual({
      id: contact,
      name: 'Melissa Grant',
      email: 'm@acme.com',
      phone: '+44 7966 197542',
    });
    expect(created.assignee).toEqual({ id: sam, name: 'Sam Rivera' });
    expect(created.sla?.response?.dueAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('answers a repeated client id with the first ticket, and makes no second one', async () => {
    const first = await createTicket(store, admin, { title: 'Once', companyId: company, clientId: 'c-1' });
    const again = await createTicket(store, admin, { title: 'Once', companyId: company, clientId: 'c-1' });
    expect(again).toEqual(await readBack(first.id));
    const count = await store.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('answers repeats sent together, and a repeat whose assignee has lost access since, with the first ticket', async () => {
    const input = { title: 'Twice', companyId: company, assigneeId: sam, clientId: 'c-2' };
    const [a, b] = await Promise.all([createTicket(store, admin, input), createTicket(store, admin, input)]);
    expect(b).toEqual(a);
    await revokeGrant(store, admin, sam, company);
    const later = await createTicket(store, admin, input);
    expect(later.id).toBe(a.id);
    const count = await store.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    // Without a client id the same request is refused.
    await expect(createTicket(store, admin, { ...input, clientId: undefined })).rejects.toThrow('has no access');
  });

  it('announces a ticket a customer opens as a read shows it', async () => {
    await setSlaPolicy(store, admin, { priority: 'medium', responseMs: HOUR });
    const customer = {
      kind: 'customer' as const,
      contactId: contact,
      companyId: company,
      name: 'Melissa Grant',
      email: 'm@acme.com',
      tokenPrefix: 'test',
    };
    const { ticketId } = await customerTicket(store, customer, {
      title: 'Scanner offline',
      message: 'It is broken and I am angry',
    });
    const event = await store.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'ticket.created')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const announced = (JSON.parse(event.payload) as { ticket: Ticket }).ticket;
    expect(announced.id).toBe(ticketId);
    expect(announced.requester?.phone).toBe('+44 7966 197542');
    expect(announced.sla).not.toBeNull();
    // The admin's read marks the customer's ticket read; all else is as announced.
    expect(announced).toEqual({ ...(await readBack(ticketId)), activityStatus: 'unread' });
  });
});
