/**
 * Satisfaction ratings (DESIGN §2.1): the requester rates a resolved or closed
 * ticket 1–5 with an optional comment; rating again replaces it. Called by a
 * customer client's route with the authenticated contact.
 */
import type { Store } from '../../store/store.js';
import { satisfactionInput } from '../../../core/ticket-resources.js';
import { invalid, notFound } from '../../../core/errors.js';
import { recordActivity } from './activity.js';
import { iso } from '../../iso-time.js';

export async function rateTicket(
  store: Store,
  customer: { readonly contactId: number },
  ticketId: number,
  raw: unknown,
): Promise<{ ticketId: number; rating: number; comment: string | null; createdAt: string }> {
  const input = satisfactionInput.parse(raw);
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
    if (!ticket || ticket.requester_id === null || Number(ticket.requester_id) !== customer.contactId) {
      throw notFound(`ticket ${ticketId}`);
    }
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
      throw invalid('a ticket can be rated once it is resolved', 'rating');
    }
    const comment = input.comment === undefined || input.comment === '' ? null : input.comment;
    await trx.deleteFrom('satisfaction_ratings').where('ticket_id', '=', ticketId).execute();
    await trx
      .insertInto('satisfaction_ratings')
      .values({ ticket_id: ticketId, contact_id: customer.contactId, rating: input.rating, comment, created_at: now })
      .execute();
    await recordActivity(scope, null, ticketId, 'satisfaction', null, String(input.rating));
    scope.emit({
      type: 'ticket.rated',
      companyId: ticket.company_id,
      data: { ticketId, rating: input.rating, comment },
    });
    return { ticketId, rating: input.rating, comment, createdAt: iso(now) };
  });
}
