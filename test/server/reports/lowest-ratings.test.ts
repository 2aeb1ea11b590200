/**
 * The satisfaction report's lowest-rated tickets: the five lowest ratings of the range, latest first
 * among equal ratings (then the higher ticket number), deleted tickets and ratings outside the range
 * left out — read one rating value at a time (see services/reports/satisfaction.ts); the ratings counted
 * leave out those of deleted and spam tickets, grouped by company or not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { reports } from '../../../src/server/index.js';
import { openTicketStore, type TicketStore } from '../../helpers/ticket-store.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe.each(['sqlite', 'postgres'] as const)('the lowest ratings (%s)', (kind) => {
  let t: TicketStore | undefined;
  afterEach(async () => {
    await t?.store.close();
    await t?.db.drop();
  });

  it('lists the five lowest of the range, latest first among equals', async () => {
    t = await openTicketStore(kind);
    const { store, admin, company } = t;
    const contact = await store.db
      .insertInto('contacts')
      .values({ company_id: company, name: 'Cam', email: 'cam@example.com', created_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    // [title, rating, rated on day, deleted or spam]
    const rated: Array<[string, number, number, boolean | 'spam']> = [
      ['three', 3, 2, false],
      ['one early', 1, 1, false],
      ['one late a', 1, 4, false],
      ['one late b', 1, 4, false],
      ['two', 2, 3, false],
      ['four', 4, 5, false],
      ['five', 5, 6, false],
      ['one deleted', 1, 7, true],
      ['one spam', 1, 7, 'spam'],
      ['one before the range', 1, -3, false],
    ];
    const ids = new Map<string, number>();
    for (const [title, rating, day, deleted] of rated) {
      const ticket = await store.db
        .insertInto('tickets')
        .values({
          company_id: company,
          title,
          status: 'resolved',
          type: 'incident',
          priority: 'low',
          priority_rank: 1,
          impact: 'none',
          activity_status: 'read',
          created_by_id: admin.id,
          created_at: T0 + (day - 1) * DAY,
          updated_at: T0 + (day - 1) * DAY,
          deleted_at: deleted === true ? T0 + 8 * DAY : null,
          is_spam: deleted === 'spam' ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(title, Number(ticket.id));
      await store.db
        .insertInto('satisfaction_ratings')
        .values({ ticket_id: ticket.id, contact_id: contact.id, rating, comment: title, created_at: T0 + day * DAY })
        .execute();
    }
    const r = await reports.satisfactionReport(store, admin, {
      from: '2026-03-01',
      to: '2026-03-31',
      tz: 'UTC',
      by: 'week',
    });
    expect(r.lowest.map((l) => [l.title, l.rating, l.ticketId])).toEqual([
      ['one late b', 1, ids.get('one late b')],
      ['one late a', 1, ids.get('one late a')],
      ['one early', 1, ids.get('one early')],
      ['two', 2, ids.get('two')],
      ['three', 3, ids.get('three')],
    ]);
    expect(r.lowest[0]?.ratedAt).toBe(new Date(T0 + 4 * DAY).toISOString());
    expect(r.totals.ratings).toBe(7);
    // By company, the ratings are read joined to their tickets; without, apart from them: the same count.
    const byCompany = await reports.satisfactionReport(store, admin, {
      from: '2026-03-01',
      to: '2026-03-31',
      tz: 'UTC',
      by: 'company',
    });
    expect(byCompany.totals.ratings).toBe(7);
    expect(byCompany.rows.map((row) => row.ratings)).toEqual([7]);
  });
});
