/**
 * The store and ticket services against both databases: the same suite runs on
 * SQLite and on PostgreSQL (each test on its own file or schema).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store/store.js';
import { TestDatabase, type DbKind } from '../helpers/desk.js';
import { refusal } from '../helpers/refusal.js';
import {
  createCompany,
  createTechnician,
  grantCompany,
  initAccount,
  listTechnicians,
} from '../../src/server/services/people.js';
import { commentOnTicket } from '../../src/server/services/tickets/comments.js';
import { createTicket } from '../../src/server/services/tickets/create.js';
import { showTicket } from '../../src/server/services/tickets/detail.js';
import { listTickets } from '../../src/server/services/tickets/list-query.js';
import { updateTicket } from '../../src/server/services/tickets/update.js';
import type { Actor } from '../../src/server/services/actor.js';

describe.each<DbKind>(['sqlite', 'postgres'])('store on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let admin: Actor;
  let company: number;

  beforeEach(async () => {
    db = new TestDatabase(kind);
    store = await Store.open(db.storeConfig);
    const init = await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' });
    admin = { kind: 'technician', id: init.technician.id, name: 'Ada', admin: true, tokenPrefix: 'x' };
    company = (await createCompany(store, admin, { name: 'Acme' })).id;
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('applies migrations once and reopens an existing database', async () => {
    await store.close();
    store = await Store.open(db.storeConfig);
    const techs = await listTechnicians(store.db);
    expect(techs.map((t) => t.name)).toEqual(['Ada']);
  });

  it('refuses a second account on the same database', async () => {
    await expect(initAccount(store, { accountName: 'Again', name: 'Bob', email: 'bob@example.com' })).rejects.toThrow(
      /already has an account/,
    );
  });

  it('appends one event per change with increasing sequence numbers, in the same transaction', async () => {
    const t = await createTicket(store, admin, { title: 'A', companyId: company });
    await updateTicket(store, admin, t.id, { status: 'pending' });
    const events = await store.db.selectFrom('events').selectAll().orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual([
      'technician.created',
      'company.created',
      'ticket.created',
      'ticket.updated',
    ]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(await refusal(updateTicket(store, admin, t.id, { status: 'bogus' }))).toEqual([
      {
        code: 'invalid_value',
        path: ['status'],
        message: 'Invalid option: expected one of "open"|"pending"|"resolved"|"closed"',
      },
    ]);
    expect(await store.db.selectFrom('events').selectAll().execute()).toHaveLength(4);
  });

  it('rolls back the whole change when a step fails', async () => {
    await expect(createTicket(store, admin, { title: 'x', companyId: company, assigneeId: 999 })).rejects.toMatchObject(
      { name: 'DeskError', code: 'invalid', field: 'assigneeId', message: 'technician 999 does not exist' },
    );
    const page = await listTickets(store, admin, { status: 'all' });
    expect(page.items).toEqual([]);
  });

  it('stores a repeated create with the same client id once', async () => {
    const a = await createTicket(store, admin, { title: 'Once', companyId: company, clientId: 'c-1' });
    const b = await createTicket(store, admin, { title: 'Once', companyId: company, clientId: 'c-1' });
    expect(b.id).toBe(a.id);
    const both = await Promise.all([
      commentOnTicket(store, admin, a.id, { kind: 'note', body: 'n', clientId: 'm-1' }),
      commentOnTicket(store, admin, a.id, { kind: 'note', body: 'n', clientId: 'm-1' }),
    ]);
    expect(both[1].comment.id).toBe(both[0].comment.id);
    expect(both[0]).toMatchObject({ ticket: { id: a.id }, comment: { kind: 'note', body: 'n' } });
    expect(both[0]).not.toHaveProperty('comments');
    expect((await showTicket(store, admin, a.id)).comments).toHaveLength(1);
  });

  it('filters, sorts by priority and pages by cursor', async () => {
    for (const priority of ['low', 'critical', 'medium', 'high', 'critical'] as const) {
      await createTicket(store, admin, { title: `P ${priority}`, companyId: company, priority });
    }
    const first = await listTickets(store, admin, { sort: 'priority', limit: 2 });
    expect(first.items.map((t) => t.priority)).toEqual(['critical', 'critical']);
    const second = await listTickets(store, admin, { sort: 'priority', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.priority)).toEqual(['high', 'medium']);
    const third = await listTickets(store, admin, { sort: 'priority', limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((t) => t.priority)).toEqual(['low']);
    expect(third.nextCursor).toBeNull();
  });

  it('hides ungranted companies from a technician', async () => {
    const other = (await createCompany(store, admin, { name: 'Other' })).id;
    const tech = await createTechnician(store, admin, { name: 'Tom', email: 'tom@example.com' });
    const actor: Actor = { kind: 'technician', id: tech.id, name: 'Tom', admin: false, tokenPrefix: 'y' };
    await grantCompany(store, admin, { technicianId: tech.id, companyId: company });
    const mine = await createTicket(store, admin, { title: 'mine', companyId: company });
    const hidden = await createTicket(store, admin, { title: 'hidden', companyId: other });
    const page = await listTickets(store, actor, {});
    expect(page.items.map((t) => t.id)).toEqual([mine.id]);
    await expect(showTicket(store, actor, hidden.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('searches titles and comments case-insensitively, treating % and _ literally', async () => {
    const a = await createTicket(store, admin, { title: 'Printer jam', companyId: company });
    const b = await createTicket(store, admin, { title: 'Other', companyId: company });
    await commentOnTicket(store, admin, b.id, { kind: 'note', body: 'the PRINTER driver, 100% broken' });
    const hits = await listTickets(store, admin, { search: 'printer' });
    expect(hits.items.map((t) => t.id).sort()).toEqual([a.id, b.id].sort());
    expect((await listTickets(store, admin, { search: '100%' })).items.map((t) => t.id)).toEqual([b.id]);
    expect((await listTickets(store, admin, { search: '_' })).items).toEqual([]);
  });
});
