/**
 * Keeps `tickets.sentiment` in step with the requester's latest comments
 * (DESIGN §2.1), computed locally by the lexicon in `core/sentiment.ts`. Any
 * path that stores a requester comment calls `refreshSentiment` in its write;
 * `addRequesterComment` is that path for a customer client.
 */
import type { Store, WriteScope } from '../../store/store.js';
import { sentimentOf, type Sentiment } from '../../../core/sentiment.js';
import { activityAfterComment, truncateComment, type ActivityStatus } from '../../../core/tickets.js';
import { invalid, notFound } from '../../../core/errors.js';
import { recordActivity } from './activity.js';
import { ticketView } from './views.js';
import { iso } from '../../iso-time.js';

/** How many of the requester's latest comments count. */
export const SENTIMENT_WINDOW = 3;

export async function refreshSentiment(scope: WriteScope, ticketId: number): Promise<Sentiment | null> {
  const latest = await scope.trx
    .selectFrom('comments')
    .select('body')
    .where('ticket_id', '=', ticketId)
    .where('author_kind', '=', 'contact')
    .orderBy('id', 'desc')
    .limit(SENTIMENT_WINDOW)
    .execute();
  const sentiment = sentimentOf(latest.map((c) => c.body).reverse());
  await scope.trx.updateTable('tickets').set({ sentiment }).where('id', '=', ticketId).execute();
  return sentiment;
}

/**
 * A comment by the ticket's requester (from a customer client): stored, the
 * activity status set to awaiting a technician, the sentiment recomputed.
 */
export async function addRequesterComment(
  store: Store,
  customer: { readonly contactId: number },
  ticketId: number,
  rawBody: string,
): Promise<{ commentId: number; sentiment: Sentiment | null }> {
  if (rawBody.trim() === '') throw invalid('the message is empty', 'body');
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const row = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
    if (
      !row ||
      row.requester_id === null ||
      Number(row.requester_id) !== customer.contactId ||
      row.deleted_at !== null
    ) {
      throw notFound(`ticket ${ticketId}`);
    }
    const { body, truncated } = truncateComment(rawBody);
    const comment = await trx
      .insertInto('comments')
      .values({
        ticket_id: ticketId,
        kind: 'reply',
        author_kind: 'contact',
        author_technician_id: null,
        author_contact_id: customer.contactId,
        body,
        truncated: truncated ? 1 : 0,
        client_id: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const activity = activityAfterComment(row.activity_status as ActivityStatus, {
      kind: 'reply',
      authorKind: 'contact',
    });
    await trx
      .updateTable('tickets')
      .set({ activity_status: activity, updated_at: now })
      .where('id', '=', ticketId)
      .execute();
    if (activity !== row.activity_status)
      await recordActivity(scope, null, ticketId, 'activityStatus', row.activity_status, activity);
    const sentiment = await refreshSentiment(scope, ticketId);
    const fresh = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    const contact = await trx
      .selectFrom('contacts')
      .select('name')
      .where('id', '=', customer.contactId)
      .executeTakeFirst();
    scope.emit({
      type: 'ticket.commented',
      companyId: fresh.company_id,
      data: {
        ticket: await ticketView(trx, fresh, now),
        changes: ['reply', 'sentiment'],
        comment: {
          id: comment.id,
          kind: 'reply',
          author: { kind: 'contact', id: customer.contactId, name: contact?.name ?? '' },
          body,
          truncated,
          createdAt: iso(now),
        },
      },
    });
    return { commentId: comment.id, sentiment };
  });
}
