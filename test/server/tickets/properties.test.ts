/**
 * Ticket properties in the store, on both databases: sentiment from the
 * requester's comments, satisfaction in the requester panel, a merge moving
 * time entries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/server/store/store.js';
import { createTicket } from '../../../src/server/services/tickets/create.js';
import { listTickets } from '../../../src/server/services/tickets/list-query.js';
import { updateTicket } from '../../../src/server/services/tickets/update.js';
import { createContact } from '../../../src/server/services/people.js';
import { addRequesterComment } from '../../../src/server/services/tickets/requester-comments.js';
import { rateTicket } from '../../../src/server/services/tickets/satisfaction.js';
import { requesterPanel } from '../../../src/server/services/tickets/requester-panel.js';
import { mergeTicket } from '../../../src/server/services/tickets/merge.js';
import type { Actor } from '../../../src/server/services/actor.js';
import type { TestDatabase, DbKind } from '../../helpers/desk.js';
import { openTicketStore } from '../../helpers/ticket-store.js';
import { refusal } from '../../helpers/refusal.js';

describe.each<DbKind>(['sqlite', 'postgres'])('ticket properties in the store (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let admin: Actor;
  let company: number;
  let contact: number;

  beforeEach(async () => {
    ({ db, store, admin, company } = await openTicketStore(kind));
    contact = (await createContact(store, admin, { companyId: company, name: 'Melissa Grant', email: 'm@acme.com' }))
      .id;
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('computes sentiment from the requester’s latest comments, shown and filterable', async () => {
    const t = await createTicket(store, admin, { title: 'Mail', companyId: company, requesterId: contact });
    expect(
      (await addRequesterComment(store, { contactId: contact }, t.id, 'Still broken, this is terrible and I am angry'))
        .sentiment,
    ).toBe('negative');
    const other = await createTicket(store, admin, { title: 'Thanks', companyId: company, requesterId: contact });
    await addRequesterComment(store, { contactId: contact }, other.id, 'Thank you, that works great!');
    const negative = await listTickets(store, admin, { sentiment: 'negative' });
    expect(negative.items.map((x) => x.id)).toEqual([t.id]);
    expect(negative.items[0]!.sentiment).toBe('negative');
    expect(negative.items[0]!.activityStatus).toBe('awaiting_technician_reply');
    const positive = await listTickets(store, admin, { sentiment: 'positive,neutral' });
    expect(positive.items.map((x) => x.id)).toEqual([other.id]);
    await addRequesterComment(store, { contactId: contact }, t.id, 'Ok it works now, thanks a lot, great job');
    expect((await listTickets(store, admin, { sentiment: 'positive' })).items.map((x) => x.id)).toContain(t.id);
    await expect(addRequesterComment(store, { contactId: contact + 99 }, t.id, 'hi')).rejects.toMatchObject({
      name: 'DeskError',
      code: 'not_found',
      message: `ticket ${t.id} not found`,
    });
  });

  it('records a satisfaction rating on a resolved ticket for the requester panel', async () => {
    const t = await createTicket(store, admin, { title: 'Printer', companyId: company, requesterId: contact });
    await expect(rateTicket(store, { contactId: contact }, t.id, { rating: 5 })).rejects.toThrow(/once it is resolved/);
    await updateTicket(store, admin, t.id, { status: 'resolved' });
    expect(await refusal(rateTicket(store, { contactId: contact }, t.id, { rating: 6 }))).toEqual([
      { code: 'too_big', path: ['rating'], message: 'must be 1 to 5' },
    ]);
    await expect(rateTicket(store, { contactId: contact + 1 }, t.id, { rating: 4 })).rejects.toThrow(/not found/);
    await rateTicket(store, { contactId: contact }, t.id, { rating: 4, comment: 'quick' });
    await rateTicket(store, { contactId: contact }, t.id, { rating: 2 });
    const panel = await requesterPanel(store.db, contact, t.id);
    expect(panel?.satisfaction).toMatchObject({ ticket: { rating: 2, comment: null }, average: 2, count: 1 });
    expect(panel?.lastTickets.map((x) => x.id)).toEqual([t.id]);
  });

  it('moves time entries with a merge', async () => {
    const source = await createTicket(store, admin, { title: 'A', companyId: company });
    const target = await createTicket(store, admin, { title: 'B', companyId: company });
    await store.write(async ({ trx, now }) => {
      await trx
        .insertInto('time_entries')
        .values({
          ticket_id: source.id,
          technician_id: admin.id,
          started_at: now - 3_600_000,
          ended_at: now,
          duration_ms: 3_600_000,
          rate_cents: null,
          billable: 1,
          note: null,
          source: 'manual',
          created_by_id: admin.id,
          client_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    const res = await mergeTicket(store, admin, source.id, { into: target.id });
    expect(res.moved.timeEntries).toBe(1);
    const entries = await store.db.selectFrom('time_entries').select('ticket_id').execute();
    expect(entries.map((e) => Number(e.ticket_id))).toEqual([target.id]);
  });
});
