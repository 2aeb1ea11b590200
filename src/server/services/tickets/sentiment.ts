/**
 * Keeps `tickets.sentiment` in step with the requester's latest comments
 * (DESIGN §2.1), computed locally by the lexicon in `core/sentiment.ts`. Any
 * path that adds a requester comment to a ticket calls `refreshSentiment` in its
 * write (requester-comments.ts); a ticket a customer opens starts with the
 * sentiment of its first message (requester-tickets.ts).
 */
import type { WriteScope } from '../../store/store.js';
import { sentimentOf, type Sentiment } from '../../../core/sentiment.js';

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
