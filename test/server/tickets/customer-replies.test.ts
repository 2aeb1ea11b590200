/**
 * A customer on their tickets, on both databases: a reply reopens a resolved ticket and tells the
 * assignee, lands on the ticket a merge moved the conversation to, and is in the activity log under
 * the customer's name; a ticket a customer leaves is theirs, read by the first technician who opens
 * it, with the sentiment of its first message. A merged ticket takes no reply and is not reopened;
 * CC and templates refuse what would reach the wrong person or read `Hi , …`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../src/core/errors.js';
import type { Actor } from '../../../src/server/services/actor.js';
import { customerTicket } from '../../../src/server/services/chat/chat-tickets.js';
import type { CustomerActor } from '../../../src/server/services/chat/customers.js';
import { createCompany, createContact, createTechnician, grantCompany } from '../../../src/server/services/people.js';
import { commentOnTicket } from '../../../src/server/services/tickets/comments.js';
import { createTicket } from '../../../src/server/services/tickets/create.js';
import { showTicket } from '../../../src/server/services/tickets/detail.js';
import { mergeTicket } from '../../../src/server/services/tickets/merge.js';
import { addRequesterComment } from '../../../src/server/services/tickets/requester-comments.js';
import { addTemplate, renderTemplateFor } from '../../../src/server/services/tickets/templates.js';
import { updateTicket } from '../../../src/server/services/tickets/update.js';
import type { Store } from '../../../src/server/store/store.js';
import type { TestDatabase, DbKind } from '../../helpers/desk.js';
import { openTicketStore } from '../../helpers/ticket-store.js';

/** Awaits a call that must fail with a DeskError of this code, and returns its message. */
async function refusal(p: Promise<unknown>, code: string): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeskError);
  expect((err as DeskError).code).toBe(code);
  return (err as DeskError).message;
}

describe.each<DbKind>(['sqlite', 'postgres'])('a customer on their tickets (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let admin: Actor;
  let sam: Actor;
  let company: number;
  let other: number;
  let mel: CustomerActor;

  beforeEach(async () => {
    ({ db, store, admin, company } = await openTicketStore(kind));
    other = (await createCompany(store, admin, { name: 'Globex' })).id;
    const s = await createTechnician(store, admin, { name: 'Sam Rivera', email: 'sam@example.com' });
    sam = { kind: 'technician', id: s.id, name: 'Sam Rivera', admin: false, tokenPrefix: 'test' };
    await grantCompany(store, admin, { technicianId: sam.id, companyId: company });
    const contact = await createContact(store, admin, {
      companyId: company,
      name: 'Melissa Grant',
      email: 'mel@acme.example',
    });
    mel = {
      kind: 'customer',
      contactId: contact.id,
      companyId: company,
      name: 'Melissa Grant',
      email: 'mel@acme.example',
      tokenPrefix: 'test',
    };
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const newTicket = (title = 'Printer jam') =>
    createTicket(store, admin, { title, companyId: company, requesterId: mel.contactId, assigneeId: sam.id });

  /** Events addressed to one technician, oldest first. */
  const eventsFor = async (technicianId: number) =>
    (
      await store.db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('technician_id', '=', technicianId)
        .orderBy('seq')
        .execute()
    ).map((e) => ({ type: e.type, data: JSON.parse(e.payload) as Record<string, unknown> }));

  it.each(['resolved', 'closed'] as const)(
    'reopens a %s ticket on a customer reply, logs it as the customer and tells the assignee',
    async (status) => {
      const t = await newTicket();
      await updateTicket(store, admin, t.id, { status });
      const res = await addRequesterComment(store, mel, t.id, 'It is jammed again');
      expect(res).toMatchObject({ ticketId: t.id, reopened: true });
      // The answer carries the comment and the ticket as it left it, not the conversation.
      expect(res.ticket).toMatchObject({ id: t.id, status: 'open' });
      expect(res.comment).toMatchObject({
        id: res.commentId,
        author: { kind: 'contact', name: 'Melissa Grant' },
        body: 'It is jammed again',
      });
      expect(res).not.toHaveProperty('comments');
      const shown = await showTicket(store, admin, t.id);
      expect(shown.status).toBe('open');
      expect(shown.activityStatus).toBe('awaiting_technician_reply');
      const byMel = shown.activity.filter((a) => a.actor.kind === 'contact');
      expect(byMel.map((a) => [a.actor, a.field, a.oldValue, a.newValue])).toEqual([
        [
          { kind: 'contact', id: mel.contactId, name: 'Melissa Grant' },
          'activityStatus',
          'unread',
          'awaiting_technician_reply',
        ],
        [{ kind: 'contact', id: mel.contactId, name: 'Melissa Grant' }, 'status', status, 'open'],
      ]);
      expect(await eventsFor(sam.id)).toContainEqual({
        type: 'ticket.customer-replied',
        data: {
          ticketId: t.id,
          reopened: true,
          text: `Melissa Grant replied on ticket #${t.id} "Printer jam": it is open again`,
        },
      });
    },
  );

  it('leaves an open ticket open, and still tells the assignee', async () => {
    const t = await newTicket();
    expect(await addRequesterComment(store, mel, t.id, 'Any news?')).toMatchObject({ reopened: false });
    expect((await showTicket(store, admin, t.id)).status).toBe('open');
    const told = (await eventsFor(sam.id)).filter((e) => e.type === 'ticket.customer-replied');
    expect(told.map((e) => e.data.text)).toEqual([`Melissa Grant replied on ticket #${t.id} "Printer jam"`]);
  });

  it('puts a reply to a merged ticket on the ticket it was merged into, reopening that one', async () => {
    const source = await newTicket('Printer jam again');
    const target = await newTicket();
    await mergeTicket(store, admin, source.id, { into: target.id });
    await updateTicket(store, admin, target.id, { status: 'resolved' });
    const res = await addRequesterComment(store, mel, source.id, 'Still jammed');
    expect(res).toMatchObject({ ticketId: target.id, reopened: true });
    const shown = await showTicket(store, admin, target.id);
    expect(shown.status).toBe('open');
    expect(shown.comments.at(-1)).toMatchObject({
      body: 'Still jammed',
      author: { kind: 'contact', id: mel.contactId },
    });
    expect((await showTicket(store, admin, source.id)).comments.map((c) => c.body)).not.toContain('Still jammed');
  });

  it('refuses to reply to or reopen a merged ticket, pointing to its target', async () => {
    const source = await newTicket('Duplicate');
    const target = await newTicket();
    await mergeTicket(store, admin, source.id, { into: target.id });
    const expected = `ticket ${source.id} was merged into #${target.id}; work on that ticket (desk tickets show ${target.id})`;
    expect(await refusal(commentOnTicket(store, admin, source.id, { kind: 'reply', body: 'hello' }), 'conflict')).toBe(
      expected,
    );
    expect(await refusal(updateTicket(store, admin, source.id, { status: 'open' }), 'conflict')).toBe(expected);
    const shown = await showTicket(store, admin, source.id);
    expect(shown.status).toBe('closed');
    expect(shown.comments.map((c) => c.body)).not.toContain('hello');
  });

  it("another customer's ticket is not found, and nothing is written", async () => {
    const t = await newTicket();
    expect(await refusal(addRequesterComment(store, { contactId: mel.contactId + 99 }, t.id, 'hi'), 'not_found')).toBe(
      `ticket ${t.id} not found`,
    );
    expect((await showTicket(store, admin, t.id)).comments).toEqual([]);
  });

  it('records a ticket a customer leaves as theirs, read by the first technician to open it, with its sentiment', async () => {
    const { ticketId } = await customerTicket(store, mel, {
      title: 'VPN down',
      message: 'This is terrible, nothing works and I am angry',
    });
    const first = await showTicket(store, admin, ticketId);
    expect(first.activity[0]).toMatchObject({
      actor: { kind: 'contact', id: mel.contactId, name: 'Melissa Grant' },
      field: 'created',
      newValue: 'VPN down',
    });
    expect(first.sentiment).toBe('negative');
    // The first admin's view marks it read, as anyone's does.
    expect(first.activityStatus).toBe('read');
  });

  it('refuses to CC a technician who may not see the ticket, and takes one who may', async () => {
    const kim = await createTechnician(store, admin, { name: 'Kim Lee', email: 'kim@example.com' });
    await grantCompany(store, admin, { technicianId: kim.id, companyId: other });
    const t = await newTicket();
    expect(
      await refusal(commentOnTicket(store, admin, t.id, { kind: 'reply', body: 'fixed', cc: ['@kim.lee'] }), 'invalid'),
    ).toBe("--cc: Kim Lee has no access to this ticket's company");
    expect((await showTicket(store, admin, t.id)).comments).toEqual([]);
    const ok = await commentOnTicket(store, admin, t.id, { kind: 'reply', body: 'fixed', cc: ['@sam.rivera'] });
    expect(ok.comment.cc).toEqual([{ kind: 'technician', id: sam.id, name: 'Sam Rivera' }]);
  });

  it('fills a template without a requester from its defaults, and refuses a field with no value and no default', async () => {
    const t = await createTicket(store, admin, { title: 'Server room', companyId: company });
    await addTemplate(store, admin, {
      name: 'hello',
      body: 'Hi {{requester.first_name|there}}, about #{{ticket.id}}',
    });
    await addTemplate(store, admin, { name: 'bare', body: 'Hi {{requester.name}},' });
    expect((await renderTemplateFor(store.db, admin, 'hello', t.id)).body).toBe(`Hi there, about #${t.id}`);
    expect(await refusal(renderTemplateFor(store.db, admin, 'bare', t.id), 'invalid')).toBe(
      'this ticket has no value for {{requester.name}}: set it on the ticket, or give the template a default, e.g. {{requester.name|there}}',
    );
  });
});
