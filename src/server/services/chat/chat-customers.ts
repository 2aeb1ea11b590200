/**
 * Several customers in one support session: besides the chat's contact, customers invited by link
 * or joining by session number. Each sees the conversation from the moment they joined, writes in
 * it while it is active, and may leave (the chat goes on). An admin setting caps the customers of a
 * session. Their event streams carry the chat's events while they are in it (customer-events-route).
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { conflict } from '../../../core/errors.js';
import { DEFAULT_MAX_CUSTOMERS } from '../../../core/support-sessions.js';
import { settingValue } from '../settings.js';
import { chatView, customerChatView } from './chat-views.js';
import { emitChatUpdated, systemMessage } from './announcements.js';
import type { CustomerActor } from './customers.js';

type Db = Kysely<Database>;

/** How a customer is in a chat: its contact (sees everything), or a guest who sees messages after `after`. */
type CustomerPlace = { readonly contact: true } | { readonly contact: false; readonly after: number };

/** The most customers a session may have (`chat.max-customers`). */
export async function maxCustomers(db: Db): Promise<number> {
  const raw = await settingValue(db, 'chat.max-customers');
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_CUSTOMERS;
}

async function guestRow(db: Db, chatId: number, contactId: number) {
  return db
    .selectFrom('chat_customers')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
}

/** Where the customer stands in a chat: its contact, an active guest, or (undefined) not in it. */
export async function customerPlace(db: Db, chat: ChatRow, contactId: number): Promise<CustomerPlace | undefined> {
  if (chat.contact_id === contactId) return { contact: true };
  const row = await guestRow(db, chat.id, contactId);
  return row?.state === 'active' ? { contact: false, after: Number(row.after_message_id) } : undefined;
}

/**
 * What of a chat a customer may read: its contact all of it; a guest (active or gone) the messages
 * after the last one before they came (`after`), and a guest who left none after the line saying
 * so (`until`). Undefined when the customer is not in it.
 */
export async function customerWindow(
  db: Db,
  chat: { readonly id: number; readonly contact_id: number },
  contactId: number,
): Promise<{ after: number; until: number | null } | undefined> {
  if (chat.contact_id === contactId) return { after: 0, until: null };
  const row = await guestRow(db, chat.id, contactId);
  if (!row || row.state === 'invited') return undefined;
  // A guest who left under a server that did not record it yet sees up to the newest.
  const until = row.state === 'left' ? Number(row.until_message_id ?? Number.MAX_SAFE_INTEGER) : null;
  return { after: Number(row.after_message_id), until };
}

/** Refuses when the session has as many customers as the setting allows (`also` is one more who would come). */
async function requireSeat(scope: WriteScope, chat: ChatRow, also: number): Promise<void> {
  const others = await scope.trx
    .selectFrom('chat_customers')
    .select('contact_id')
    .where('chat_id', '=', chat.id)
    .where('state', 'in', ['invited', 'active'])
    .where('contact_id', '!=', also)
    .execute();
  const cap = await maxCustomers(scope.trx);
  if (others.length + 2 > cap) {
    throw conflict(`support session ${chat.id} has its ${cap} customers already (chat.max-customers)`);
  }
}

/** Keeps a seat for a customer invited by link into a chat that is not theirs. */
export async function inviteGuest(scope: WriteScope, chat: ChatRow, contactId: number): Promise<void> {
  const row = await guestRow(scope.trx, chat.id, contactId);
  if (row?.state === 'active') throw conflict(`contact ${contactId} is in chat ${chat.id} already`);
  await requireSeat(scope, chat, contactId);
  if (row) {
    await scope.trx
      .updateTable('chat_customers')
      .set({ state: 'invited', updated_at: scope.now })
      .where('chat_id', '=', chat.id)
      .where('contact_id', '=', contactId)
      .execute();
  } else {
    await scope.trx
      .insertInto('chat_customers')
      .values({
        chat_id: chat.id,
        contact_id: contactId,
        state: 'invited',
        created_at: scope.now,
        updated_at: scope.now,
      })
      .execute();
  }
}

/** Tells the chat's technicians and every customer in it what changed, and the guest themselves. */
async function announce(scope: WriteScope, chat: ChatRow, contactId: number, change: string): Promise<void> {
  await emitChatUpdated(scope, chat, change);
  const [view, customerChat] = await Promise.all([chatView(scope.trx, chat), customerChatView(scope.trx, chat)]);
  scope.emit({
    type: 'chat.updated',
    companyId: chat.company_id,
    technicianId: chat.owner_id,
    contactId,
    data: { chatId: chat.id, change, chat: view, customerChat },
  });
}

/** A customer joins a chat that is not theirs (by link or by number); they see it from now on. */
export async function joinAsGuest(scope: WriteScope, chat: ChatRow, customer: CustomerActor): Promise<void> {
  if (chat.state !== 'active' && !(chat.state === 'offered' && chat.initiated_by === 'technician')) {
    throw conflict(`support session ${chat.id} is ${chat.state}: it cannot be joined`);
  }
  const row = await guestRow(scope.trx, chat.id, customer.contactId);
  if (row?.state === 'active') return;
  await requireSeat(scope, chat, customer.contactId);
  const last = await scope.trx
    .selectFrom('chat_messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('chat_id', '=', chat.id)
    .executeTakeFirst();
  const after = Number(last?.id ?? 0);
  if (row) {
    await scope.trx
      .updateTable('chat_customers')
      .set({ state: 'active', after_message_id: after, until_message_id: null, updated_at: scope.now })
      .where('chat_id', '=', chat.id)
      .where('contact_id', '=', customer.contactId)
      .execute();
  } else {
    await scope.trx
      .insertInto('chat_customers')
      .values({
        chat_id: chat.id,
        contact_id: customer.contactId,
        state: 'active',
        after_message_id: after,
        created_at: scope.now,
        updated_at: scope.now,
      })
      .execute();
  }
  await announce(scope, chat, customer.contactId, 'customer-joined');
  await systemMessage(scope, chat, `${customer.name} joined the session`);
}

/** A guest leaves; the chat goes on with the others. */
export async function leaveAsGuest(scope: WriteScope, chat: ChatRow, customer: CustomerActor) {
  const last = await systemMessage(scope, chat, `${customer.name} left the session`);
  await scope.trx
    .updateTable('chat_customers')
    .set({ state: 'left', until_message_id: last, updated_at: scope.now })
    .where('chat_id', '=', chat.id)
    .where('contact_id', '=', customer.contactId)
    .execute();
  await announce(scope, chat, customer.contactId, 'customer-left');
  return { ...(await customerChatView(scope.trx, chat)), left: true };
}

/** The chats a contact is or was a guest in, with the last message before they joined: what their stream may carry. */
export async function guestChats(db: Db, contactId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('chat_customers')
    .select(['chat_id', 'after_message_id'])
    .where('contact_id', '=', contactId)
    .where('state', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [Number(r.chat_id), Number(r.after_message_id)]));
}

/** Ids of the chats a contact joined as a guest and has left. */
export async function chatsLeft(db: Db, contactId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('chat_customers')
    .select('chat_id')
    .where('contact_id', '=', contactId)
    .where('state', '=', 'left')
    .execute();
  return new Set(rows.map((r) => Number(r.chat_id)));
}

/** Ids of the chats a contact joined as a guest (active or gone), for their list of chats. */
export function guestChatIds(db: Db, contactId: number) {
  return db
    .selectFrom('chat_customers')
    .select('chat_id')
    .where('contact_id', '=', contactId)
    .where('state', 'in', ['active', 'left']);
}
