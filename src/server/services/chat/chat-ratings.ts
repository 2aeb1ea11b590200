/**
 * A customer rates a chat they were in, 1–5 with an optional comment, once it has ended (a guest
 * who left a running support session may rate their part too); rating again replaces it. Every
 * ended chat can be rated, with or without a ticket; the satisfaction report counts these ratings.
 */
import type { Store } from '../../store/store.js';
import { satisfactionInput } from '../../../core/ticket-resources.js';
import { conflict, notFound } from '../../../core/errors.js';
import { iso } from '../../iso-time.js';
import type { CustomerActor } from './customers.js';
import { customerWindow } from './chat-customers.js';

export interface ChatRating {
  chatId: number;
  rating: number;
  comment: string | null;
  createdAt: string;
}

export async function rateChat(
  store: Store,
  customer: CustomerActor,
  chatId: number,
  raw: unknown,
): Promise<ChatRating> {
  const input = satisfactionInput.parse(raw);
  return store.write(async ({ trx, now }) => {
    const chat = await trx
      .selectFrom('chats')
      .select(['id', 'state', 'contact_id'])
      .where('id', '=', chatId)
      .executeTakeFirst();
    const window = chat && (await customerWindow(trx, chat, customer.contactId));
    if (!chat || !window) throw notFound(`chat ${chatId}`);
    // Over for this customer: the chat has ended, or they were a guest and left it.
    const done = chat.state === 'ended' || window.until !== null;
    if (!done) throw conflict(`chat ${chatId} is ${chat.state}: it can be rated once it has ended`);
    const comment = input.comment === undefined || input.comment === '' ? null : input.comment;
    await trx
      .deleteFrom('chat_ratings')
      .where('chat_id', '=', chatId)
      .where('contact_id', '=', customer.contactId)
      .execute();
    await trx
      .insertInto('chat_ratings')
      .values({ chat_id: chatId, contact_id: customer.contactId, rating: input.rating, comment, created_at: now })
      .execute();
    return { chatId, rating: input.rating, comment, createdAt: iso(now) };
  });
}
