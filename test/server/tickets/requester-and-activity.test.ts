/** Changing a ticket's requester (logged, kept to the ticket's company) and the activity-status filter, on both databases. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../src/core/errors.js';
import type { Actor } from '../../../src/server/services/actor.js';
import { createCompany, createContact } from '../../../src/server/services/people.js';
import { createTicket } from '../../../src/server/services/tickets/create.js';
import { showTicket } from '../../../src/server/services/tickets/detail.js';
import { listTickets } from '../../../src/server/services/tickets/list-query.js';
import { updateTicket } from '../../../src/server/services/tickets/update.js';
import type { Store } from '../../../src/server/store/store.js';
import type { TestDatabase, DbKind } from '../../helpers/desk.js';
import { openTicketStore } from '../../helpers/ticket-store.js';

describe.each<DbKind>(['sqlite', 'postgres'])('requester and activity status (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let admin: Actor;
  let company: number;
  let mel: number;
  let tom: number;
  let outsider: number;

  beforeEach(async () => {
    ({ db, store, admin, company } = await openTicketStore(kind));
    const other = (await createCompany(store, admin, { name: 'Globex' })).id;
    const contact = (companyId: number, name: string, email: string) =>
      createContact(store, admin, { companyId, name, email }).then((c) => c.id);
    mel = await contact(company, 'Melissa Grant', 'mel@acme.example');
    tom = await contact(company, 'Tom Hale', 'tom@acme.example');
    outsider = await contact(other, 'Olga Globex', 'olga@globex.example');
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('changes the requester and logs who it was and who it is', async () => {
    const t = await createTicket(store, admin, { title: 'Laptop', companyId: company, requesterId: mel });
    expect((await updateTicket(store, admin, t.id, { requesterId: tom })).requester?.name).toBe('Tom Hale');
    expect((await updateTicket(store, admin, t.id, { requesterId: null })).requester).toBeNull();
    const log = (await showTicket(store, admin, t.id)).activity.filter((a) => a.field === 'requester');
    expect(log.map((a) => [a.oldValue, a.newValue, a.actor.name])).toEqual([
      ['Melissa Grant', 'Tom Hale', 'Ada'],
      ['Tom Hale', null, 'Ada'],
    ]);
  });

  it('refuses a contact of another company, and changes nothing', async () => {
    const t = await createTicket(store, admin, { title: 'Laptop', companyId: company, requesterId: mel });
    const err = await updateTicket(store, admin, t.id, { requesterId: outsider }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeskError);
    expect((err as DeskError).code).toBe('invalid');
    expect((err as DeskError).message).toBe(`contact ${outsider} is not a contact of this ticket's company`);
    const shown = await showTicket(store, admin, t.id);
    expect(shown.requester?.id).toBe(mel);
    expect(shown.activity.filter((a) => a.field === 'requester')).toEqual([]);
  });

  it('lists tickets by activity status', async () => {
    const unread = await createTicket(store, admin, { title: 'Unread', companyId: company });
    const waiting = await createTicket(store, admin, { title: 'Waiting', companyId: company });
    await updateTicket(store, admin, waiting.id, { activityStatus: 'awaiting_technician_reply' });
    const ids = async (activity: string) =>
      (await listTickets(store, admin, { activity })).items.map((t) => t.id).sort((a, b) => a - b);
    expect(await ids('awaiting_technician_reply')).toEqual([waiting.id]);
    expect(await ids('unread')).toEqual([unread.id]);
    expect(await ids('unread,awaiting_technician_reply')).toEqual([unread.id, waiting.id]);
    expect(await ids('read')).toEqual([]);
    await expect(listTickets(store, admin, { activity: 'waiting' })).rejects.toMatchObject({
      name: '$ZodError',
      issues: [expect.objectContaining({ path: ['activity', 0] })],
    });
  });
});
