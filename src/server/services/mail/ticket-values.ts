/** The placeholder values of mail about a ticket: the reply-template fields and the ticket's link. */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import { firstName } from '../../../core/templates.js';
import { publicUrl } from './links.js';

/**
 * Values for `ticket`; `technician` is the one the mail speaks for (the replying technician) or to
 * (a notification's recipient), else the ticket's assignee.
 */
export async function ticketMailValues(
  db: Kysely<Database>,
  store: Store,
  ticket: TicketRow,
  technician?: { name: string; email: string },
): Promise<Record<string, string>> {
  const [requester, company, assignee, base] = await Promise.all([
    ticket.requester_id === null
      ? undefined
      : db.selectFrom('contacts').select(['name', 'email']).where('id', '=', ticket.requester_id).executeTakeFirst(),
    db.selectFrom('companies').select('name').where('id', '=', ticket.company_id).executeTakeFirst(),
    technician || ticket.assignee_id === null
      ? undefined
      : db.selectFrom('technicians').select(['name', 'email']).where('id', '=', ticket.assignee_id).executeTakeFirst(),
    publicUrl(db, store),
  ]);
  const tech = technician ?? assignee;
  return {
    'requester.name': requester?.name ?? '',
    'requester.first_name': requester ? firstName(requester.name) : '',
    'requester.email': requester?.email ?? '',
    'company.name': company?.name ?? '',
    'ticket.id': String(ticket.id),
    'ticket.title': ticket.title.replace(/[\r\n]+/g, ' '),
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
    'ticket.link': base === undefined ? '' : `${base}/tickets/${ticket.id}`,
    'technician.name': tech?.name ?? '',
    'technician.first_name': tech ? firstName(tech.name) : '',
    'technician.email': tech?.email ?? '',
  };
}
