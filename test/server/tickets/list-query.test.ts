/**
 * The ticket list query (`listTickets`, behind `GET /v1/tickets`) on both databases: each filter on
 * its own, each sort order, and cursor pages through every order without gaps or repeats.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/server/clock.js';
import type { Actor } from '../../../src/server/services/actor.js';
import {
  createCompany,
  createContact,
  createTechnician,
  grantCompany,
  initAccount,
} from '../../../src/server/services/people.js';
import { commentOnTicket } from '../../../src/server/services/tickets/comments.js';
import { createTicket } from '../../../src/server/services/tickets/create.js';
import { listTickets } from '../../../src/server/services/tickets/list-query.js';
import { deleteTicket, setSpam } from '../../../src/server/services/tickets/moderation.js';
import { setSlaPolicy } from '../../../src/server/services/tickets/sla-policies.js';
import { updateTicket } from '../../../src/server/services/tickets/update.js';
import { Store } from '../../../src/server/store/store.js';
import type { CreateTicketInput } from '../../../src/core/inputs.js';
import { TestDatabase, type DbKind } from '../../helpers/desk.js';

const HOUR = 3_600_000;

describe.each<DbKind>(['sqlite', 'postgres'])('ticket list query (%s)', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let clock: ManualClock;
  let admin: Actor;
  let tom: Actor;
  let acme: number;
  let globex: number;
  let melissa: number;

  beforeEach(async () => {
    db = new TestDatabase(kind);
    clock = new ManualClock(Date.parse('2030-03-04T09:00:00Z'));
    store = await Store.open(db.storeConfig, () => clock.now());
    const init = await initAccount(store, { accountName: 'Test', name: 'Ada', email: 'ada@example.com' });
    admin = { kind: 'technician', id: init.technician.id, name: 'Ada', admin: true, tokenPrefix: 'a' };
    acme = (await createCompany(store, admin, { name: 'Acme' })).id;
    globex = (await createCompany(store, admin, { name: 'Globex' })).id;
    const t = await createTechnician(store, admin, { name: 'Tom', email: 'tom@example.com' });
    await grantCompany(store, admin, { technicianId: t.id, companyId: acme });
    tom = { kind: 'technician', id: t.id, name: 'Tom', admin: false, tokenPrefix: 't' };
    melissa = (await createContact(store, admin, { companyId: acme, name: 'Melissa', email: 'm@acme.example' })).id;
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  /** Creates a ticket in Acme (unless told otherwise) a minute after the one before. */
  async function make(title: string, over: Partial<CreateTicketInput> = {}): Promise<number> {
    clock.advance(60_000);
    return (await createTicket(store, admin, { title, companyId: acme, ...over })).id;
  }
  const titles = async (query: Record<string, unknown>, actor: Actor = admin) =>
    (await listTickets(store, actor, query)).items.map((t) => t.title);

  /** Every page of a list, following the cursor. */
  async function allPages(query: Record<string, unknown>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listTickets(store, admin, { ...query, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((t) => t.title));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error(`more than 20 pages: ${seen.join(', ')}`);
  }

  it('lists open and pending tickets by default, and every status with status=all', async () => {
    const ids = { open: await make('Open'), pending: await make('Pending') };
    await make('Resolved');
    await make('Closed');
    await updateTicket(store, admin, ids.pending, { status: 'pending' });
    const all = await listTickets(store, admin, {});
    await updateTicket(store, admin, all.items.find((t) => t.title === 'Resolved')!.id, { status: 'resolved' });
    await updateTicket(store, admin, all.items.find((t) => t.title === 'Closed')!.id, { status: 'closed' });
    expect(await titles({})).toEqual(['Pending', 'Open']);
    expect(await titles({ status: 'all' })).toEqual(['Closed', 'Resolved', 'Pending', 'Open']);
    expect(await titles({ status: 'resolved,closed' })).toEqual(['Closed', 'Resolved']);
  });

  it('filters by assignee: me, none or an id', async () => {
    await make('Ada’s', { assigneeId: admin.id });
    await make('Tom’s', { assigneeId: tom.id });
    await make('Nobody’s');
    expect(await titles({ assignee: 'me' })).toEqual(['Ada’s']);
    expect(await titles({ assignee: 'none' })).toEqual(['Nobody’s']);
    expect(await titles({ assignee: String(tom.id) })).toEqual(['Tom’s']);
    expect(await titles({ assignee: 'me' }, tom)).toEqual(['Tom’s']);
  });

  it('filters by priority, type, company, requester, tag and activity status', async () => {
    await make('Critical incident', { priority: 'critical', tags: ['printer'] });
    await make('High request', { priority: 'high', type: 'request', requesterId: melissa });
    await make('Globex low', { priority: 'low', companyId: globex, tags: ['printer', 'floor-2'] });
    expect(await titles({ priority: 'critical,high' })).toEqual(['High request', 'Critical incident']);
    expect(await titles({ type: 'request' })).toEqual(['High request']);
    expect(await titles({ company: String(globex) })).toEqual(['Globex low']);
    expect(await titles({ requester: String(melissa) })).toEqual(['High request']);
    expect(await titles({ tag: 'printer' })).toEqual(['Globex low', 'Critical incident']);
    expect(await titles({ tag: 'floor-2', priority: 'critical' })).toEqual([]);
    await updateTicket(store, admin, (await listTickets(store, admin, { type: 'request' })).items[0]!.id, {
      activityStatus: 'read',
    });
    expect(await titles({ activity: 'read' })).toEqual(['High request']);
    expect(await titles({ activity: 'unread' })).toEqual(['Globex low', 'Critical incident']);
  });

  it('searches titles and comments, case-insensitively, with % and _ taken literally', async () => {
    const noted = await make('Quiet one');
    await commentOnTicket(store, admin, noted, { kind: 'note', body: 'Toner at 100% since Monday' });
    await make('TONER low');
    await make('Tone_r');
    await make('Toner_r');
    expect(await titles({ search: 'toner' })).toEqual(['Toner_r', 'TONER low', 'Quiet one']);
    expect(await titles({ search: '100%' })).toEqual(['Quiet one']);
    expect(await titles({ search: '_r' })).toEqual(['Toner_r', 'Tone_r']);
    expect(await titles({ search: '%' })).toEqual(['Quiet one']);
  });

  it('hides spam and deleted tickets unless asked for them', async () => {
    const spam = await make('Buy now');
    const gone = await make('Deleted');
    await make('Kept');
    await setSpam(store, admin, spam, {});
    await deleteTicket(store, admin, gone);
    expect(await titles({ status: 'all' })).toEqual(['Kept']);
    expect(await titles({ status: 'all', spam: 'true' })).toEqual(['Buy now']);
    expect(await titles({ status: 'all', deleted: 'true' })).toEqual(['Deleted']);
  });

  it('shows a technician only the companies granted to them', async () => {
    await make('Acme ticket');
    await make('Globex ticket', { companyId: globex });
    expect(await titles({}, tom)).toEqual(['Acme ticket']);
    expect(await titles({ company: String(globex) }, tom)).toEqual([]);
  });

  it('refuses an unknown custom status, naming it', async () => {
    await expect(listTickets(store, admin, { customStatus: 'Waiting on parts' })).rejects.toMatchObject({
      name: 'DeskError',
      code: 'invalid',
      field: 'customStatus',
      message: 'unknown status "Waiting on parts"',
    });
  });

  it('matches a product family whatever its case', async () => {
    await make('Laser', { productFamily: 'LaserJet' });
    await make('Ink', { productFamily: 'OfficeJet' });
    expect(await titles({ productFamily: 'laserjet' })).toEqual(['Laser']);
  });

  it('sorts by creation (newest first) unless told otherwise', async () => {
    for (const t of ['First', 'Second', 'Third']) await make(t);
    expect(await titles({})).toEqual(['Third', 'Second', 'First']);
    expect(await titles({ sort: 'created' })).toEqual(['Third', 'Second', 'First']);
  });

  it('sorts by last update, newest first', async () => {
    const first = await make('First');
    await make('Second');
    await make('Third');
    clock.advance(60_000);
    await updateTicket(store, admin, first, { priority: 'high' });
    expect(await titles({ sort: 'updated' })).toEqual(['First', 'Third', 'Second']);
  });

  it('sorts by priority, highest first, the newest first within one', async () => {
    await make('Low', { priority: 'low' });
    await make('Critical A', { priority: 'critical' });
    await make('Medium', { priority: 'medium' });
    await make('Critical B', { priority: 'critical' });
    expect(await titles({ sort: 'priority' })).toEqual(['Critical B', 'Critical A', 'Medium', 'Low']);
  });

  it('sorts by SLA time left, the soonest due first, tickets without targets last; filters the breached', async () => {
    await setSlaPolicy(store, admin, { priority: 'critical', responseMs: HOUR });
    await setSlaPolicy(store, admin, { priority: 'high', responseMs: 4 * HOUR });
    await make('No SLA', { priority: 'low' });
    await make('High', { priority: 'high' });
    await make('Critical', { priority: 'critical' });
    await make('Low too', { priority: 'low' });
    expect(await titles({ sort: 'sla' })).toEqual(['Critical', 'High', 'No SLA', 'Low too']);
    expect(await titles({ breached: 'true' })).toEqual([]);
    clock.advance(2 * HOUR);
    expect(await titles({ breached: 'true' })).toEqual(['Critical']);
  });

  it.each(['created', 'updated', 'priority', 'sla'])(
    'pages through the %s order with a cursor, without gaps or repeats',
    async (sort) => {
      await setSlaPolicy(store, admin, { priority: 'high', responseMs: HOUR });
      const priorities = ['low', 'high', 'medium', 'high', 'critical', 'low', 'medium'] as const;
      for (const [i, priority] of priorities.entries()) await make(`T${i}`, { priority });
      const whole = await titles({ sort, limit: 100 });
      expect(whole).toHaveLength(7);
      expect(await allPages({ sort, limit: 2 })).toEqual(whole);
      expect(await allPages({ sort, limit: 1 })).toEqual(whole);
    },
  );

  it('says there is no next page when the last page is exactly full', async () => {
    for (const t of ['A', 'B', 'C', 'D']) await make(t);
    const first = await listTickets(store, admin, { limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await listTickets(store, admin, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.title)).toEqual(['B', 'A']);
    expect(second.nextCursor).toBeNull();
  });

  it('starts the next page after the cursor even when tickets were added meanwhile', async () => {
    for (const t of ['A', 'B', 'C']) await make(t);
    const first = await listTickets(store, admin, { limit: 2 });
    await make('D');
    const second = await listTickets(store, admin, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.title)).toEqual(['A']);
  });

  it.each([
    ['of another sort order', 'priority'],
    ['that is not a cursor', 'garbage'],
  ])('refuses a cursor %s', async (_what, from) => {
    for (const t of ['A', 'B', 'C']) await make(t);
    const cursor =
      from === 'priority' ? (await listTickets(store, admin, { sort: 'priority', limit: 1 })).nextCursor! : 'garbage';
    await expect(listTickets(store, admin, { sort: 'created', cursor })).rejects.toMatchObject({
      name: 'DeskError',
      code: 'invalid',
      field: 'cursor',
      message: 'invalid cursor for this sort',
    });
  });
});
