/**
 * A technician starts a chat with a contact or a ticket's requester: an invitation the customer
 * must accept before it expires (customer-chats.ts answers it, timeouts.ts expires it).
 */
import type * as z from 'zod/mini';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { scopeOf } from '../access.js';
import { schedule } from '../../deadlines/deadlines.js';
import { invalid, notFound } from '../../../core/errors.js';
import { checkComposer } from '../../../core/composer.js';
import { CHAT_DEADLINES, startChatInput, type Chat } from '../../../core/chat.js';
import { chatView } from './chat-views.js';
import { emitChatUpdated } from './announcements.js';
import { inviteTimeoutMs } from './timeout-settings.js';
import { findQueue } from './queues.js';
import { insertMessage } from './messages.js';
import { setParticipant } from './participants.js';
import { freshSessionNumber } from './session-numbers.js';

/**
 * A technician starts a chat with a contact or with a ticket's requester; the customer must accept it
 * in time. From a ticket that already has an open chat of mine, that chat is returned instead.
 */
export async function startChat(store: Store, actor: Actor, raw: unknown): Promise<{ chat: Chat; reused: boolean }> {
  const input = startChatInput.parse(raw);
  if (input.message !== undefined) {
    const check = checkComposer(input.message);
    if (!check.ok) throw invalid(check.reason, 'message');
  }
  return store.write((scope) => startChatIn(scope, actor, input));
}

/** {@link startChat} inside a write that is already open (an invitation by link starts its chat this way). */
export async function startChatIn(
  scope: WriteScope,
  actor: Actor,
  input: z.output<typeof startChatInput>,
): Promise<{ chat: Chat; reused: boolean }> {
  const { trx, now } = scope;
  const access = await scopeOf(trx, actor);
  let contactId: number;
  let ticketId: number | null = null;
  if (input.ticketId !== undefined) {
    const ticket = await trx
      .selectFrom('tickets')
      .select(['id', 'company_id', 'requester_id'])
      .where('id', '=', input.ticketId)
      .executeTakeFirst();
    if (!ticket || !(access.all || access.companyIds.has(ticket.company_id)))
      throw notFound(`ticket ${input.ticketId}`);
    if (ticket.requester_id === null) throw invalid(`ticket ${ticket.id} has no requester to chat with`, 'ticketId');
    const reuse = await trx
      .selectFrom('chats')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .where('owner_id', '=', actor.id)
      .where('state', 'in', ['offered', 'active'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (reuse) return { chat: await chatView(trx, reuse), reused: true };
    contactId = ticket.requester_id;
    ticketId = ticket.id;
  } else {
    contactId = input.contactId as number;
  }
  const contact = await trx
    .selectFrom('contacts')
    .select(['id', 'company_id'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact || !(access.all || access.companyIds.has(contact.company_id))) throw notFound(`contact ${contactId}`);
  const queue = await findQueue(trx, undefined);
  const expiresAt = now + (await inviteTimeoutMs(trx));
  const row = await trx
    .insertInto('chats')
    .values({
      company_id: contact.company_id,
      contact_id: contact.id,
      queue_id: queue.id,
      state: 'offered',
      initiated_by: 'technician',
      owner_id: actor.id,
      offered_to_id: null,
      ticket_id: ticketId,
      wrapup: null,
      ended_by: null,
      origin_ip: null,
      origin_os: null,
      origin_device: null,
      origin_client: null,
      origin_client_version: null,
      client_id: null,
      session_number: await freshSessionNumber(trx),
      requested_at: now,
      accepted_at: null,
      ended_at: null,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await setParticipant(scope, row.id, actor.id, 'owner', 'active');
  if (input.message !== undefined) {
    await insertMessage(scope, row, { kind: 'technician', id: actor.id }, input.message, null, input.clientId);
  }
  await schedule(scope, { kind: CHAT_DEADLINES.customerAccept, ref: String(row.id), dueAt: expiresAt });
  await emitChatUpdated(scope, row, 'invited');
  return { chat: await chatView(trx, row), reused: false };
}
