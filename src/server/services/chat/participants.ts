/**
 * Who works a chat: participant rows (owner and conference), becoming the owner (idle clock,
 * auto-ticket timer), the owner-only rule, the room check against a technician's chat limit, and
 * clearing what a chat has pending when it ends or leaves its owner.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { conflict, forbidden } from '../../../core/errors.js';
import { CHAT_DEADLINES } from '../../../core/chat.js';
import { presenceOf, writePresence } from './availability.js';
import { withRoom } from './routing.js';
import { autoTicketMs } from './timeout-settings.js';

type Db = Kysely<Database>;

/** Sets a technician's role and state in a chat, adding them when new. */
export async function setParticipant(
  scope: WriteScope,
  chatId: number,
  technicianId: number,
  role: 'owner' | 'conference' | 'assistant',
  state: 'invited' | 'active' | 'left',
): Promise<void> {
  const existing = await scope.trx
    .selectFrom('chat_participants')
    .select('technician_id')
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
  if (existing) {
    await scope.trx
      .updateTable('chat_participants')
      .set({ role, state, updated_at: scope.now })
      .where('chat_id', '=', chatId)
      .where('technician_id', '=', technicianId)
      .execute();
  } else {
    await scope.trx
      .insertInto('chat_participants')
      .values({
        chat_id: chatId,
        technician_id: technicianId,
        role,
        state,
        created_at: scope.now,
        updated_at: scope.now,
      })
      .execute();
  }
}

/** A technician's role and state in a chat, if they were ever in it. */
export async function participantState(scope: WriteScope | { trx: Db }, chatId: number, technicianId: number) {
  return scope.trx
    .selectFrom('chat_participants')
    .select(['role', 'state'])
    .where('chat_id', '=', chatId)
    .where('technician_id', '=', technicianId)
    .executeTakeFirst();
}

/** The technician starts working a chat they now own: participant, idle clock, auto-ticket timer. */
export async function becomeOwner(scope: WriteScope, chat: ChatRow, technicianId: number): Promise<void> {
  await setParticipant(scope, chat.id, technicianId, 'owner', 'active');
  await cancel(scope, CHAT_DEADLINES.requestTimeout, String(chat.id));
  await writePresence(scope, technicianId, { idle_since: scope.now });
  if (chat.ticket_id === null && chat.state === 'active') {
    await schedule(scope, {
      kind: CHAT_DEADLINES.autoTicket,
      ref: String(chat.id),
      dueAt: (chat.accepted_at ?? scope.now) + (await autoTicketMs(scope.trx)),
    });
  }
}

/** Refuses when the technician is at their limit of concurrent chats. */
export async function requireRoom(db: Db, technicianId: number): Promise<void> {
  if (!(await withRoom(db, [technicianId])).has(technicianId)) {
    const p = await presenceOf(db, technicianId);
    throw conflict(`you have reached your limit of ${p.max_chats} concurrent chats`);
  }
}

/** Refuses unless the actor owns the chat or is an admin. */
export function requireOwner(actor: Actor, chat: ChatRow, doing: string): void {
  if (chat.owner_id !== actor.id && !actor.admin) throw forbidden(`only the chat's owner can ${doing}`);
}

/** Stops every timer of a chat and ends pending transfers and invitations (the chat ended or left its owner). */
export async function clearPending(scope: WriteScope, chat: ChatRow, keepAutoTicket = false): Promise<void> {
  const id = String(chat.id);
  if (!keepAutoTicket) await cancel(scope, CHAT_DEADLINES.autoTicket, id);
  await cancel(scope, CHAT_DEADLINES.transferTimeout, id);
  await cancel(scope, CHAT_DEADLINES.customerAccept, id);
  await cancel(scope, CHAT_DEADLINES.requestTimeout, id);
  await cancel(scope, CHAT_DEADLINES.reoffer, id);
  await scope.trx
    .updateTable('chat_transfers')
    .set({ state: 'cancelled', answered_at: scope.now })
    .where('chat_id', '=', chat.id)
    .where('state', '=', 'pending')
    .execute();
  const invited = await scope.trx
    .selectFrom('chat_participants')
    .select('technician_id')
    .where('chat_id', '=', chat.id)
    .where('state', '=', 'invited')
    .execute();
  for (const p of invited) await cancel(scope, CHAT_DEADLINES.conferenceTimeout, `${chat.id}:${p.technician_id}`);
}
