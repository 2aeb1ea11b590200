/**
 * The requester panel of a ticket's detail (DESIGN §2.1): the contact's
 * details, company, satisfaction and the last five tickets they opened.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import type { RequesterPanel } from '../../../core/ticket-properties.js';
import type { TicketStatus } from '../../../core/tickets.js';

export async function requesterPanel(
  db: Kysely<Database>,
  contactId: number,
  ticketId: number,
): Promise<RequesterPanel | null> {
  const contact = await db
    .selectFrom('contacts')
    .innerJoin('companies', 'companies.id', 'contacts.company_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
      'companies.id as company_id',
      'companies.name as company_name',
    ])
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  if (!contact) return null;
  const [rating, stats, last] = await Promise.all([
    db.selectFrom('satisfaction_ratings').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst(),
    db
      .selectFrom('satisfaction_ratings')
      .select([sql<number>`avg(rating)`.as('average'), sql<number>`count(*)`.as('n')])
      .where('contact_id', '=', contactId)
      .executeTakeFirst(),
    db
      .selectFrom('tickets')
      .select(['id', 'title', 'status', 'created_at'])
      .where('requester_id', '=', contactId)
      .where('deleted_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(5)
      .execute(),
  ]);
  const count = Number(stats?.n ?? 0);
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    company: { id: contact.company_id, name: contact.company_name },
    satisfaction: {
      ticket: rating
        ? { rating: Number(rating.rating), comment: rating.comment, createdAt: iso(rating.created_at) }
        : null,
      average: count ? Math.round(Number(stats?.average) * 100) / 100 : null,
      count,
    },
    lastTickets: last.map((t) => ({
      id: t.id,
      title: t.title,
      status: t.status as TicketStatus,
      createdAt: iso(t.created_at),
    })),
  };
}
