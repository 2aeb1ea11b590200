/**
 * Chat to ticket (DESIGN §2.4): once a conversation has run its time (2 minutes by default, setting
 * `chat.auto-ticket-after`) a ticket "New ticket opened from chat" is created and linked, with the
 * transcript so far as its first comment; messages after that are appended when the chat ends. One
 * ticket per chat. A technician can make the ticket at any time, and rename it. Customers can leave
 * a ticket instead of chatting.
 */
import type { ChatRow, TicketRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { cancel } from '../../deadlines/deadlines.js';
import { recordActivity } from '../tickets/activity.js';
import { startTicketSla } from '../tickets/sla-clock.js';
import { announceUpdated, ticketView } from '../tickets/views.js';
import { isUniqueViolation } from '../../store/errors.js';
import { conflict } from '../../../core/errors.js';
import { priorityRank, truncateComment } from '../../../core/tickets.js';
import { AUTO_TICKET_TITLE, CHAT_DEADLINES, chatTicketInput } from '../../../core/chat.js';
import { customerTicketInput } from '../../../core/customer-chat.js';
import { chatView } from './chat-views.js';
import { authorNames } from './message-views.js';
import { lockChat, lockVisibleChat, updateChat } from './chat-access.js';
import { emitChatUpdated } from './announcements.js';
import type { CustomerActor } from './customers.js';
import { mailRequestReceived } from '../mail/ticket-notices.js';
import { openRequesterTicket } from '../tickets/requester-tickets.js';

function clock(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** The transcript after message `afterId` as plain text, and the last message id in it. */
async function transcriptText(
  scope: WriteScope,
  chatId: number,
  afterId: number,
): Promise<{ text: string; lastId: number }> {
  const rows = await scope.trx
    .selectFrom('chat_messages')
    .leftJoin('chat_files', 'chat_files.id', 'chat_messages.file_id')
    .selectAll('chat_messages')
    .select(['chat_files.name as file_name', 'chat_files.size as file_size'])
    .where('chat_messages.chat_id', '=', chatId)
    .where('chat_messages.id', '>', afterId)
    .where('chat_messages.internal', '=', 0)
    .orderBy('chat_messages.id')
    .execute();
  const names = await authorNames(scope.trx, rows);
  const lines = rows.map((m) => {
    const who =
      m.author_kind === 'technician'
        ? (names.technicians.get(m.author_id ?? 0) ?? 'Technician')
        : m.author_kind === 'contact'
          ? (names.contacts.get(m.author_id ?? 0) ?? 'Customer')
          : '—';
    const body = m.file_name !== null ? `[file: ${m.file_name}, ${Number(m.file_size)} bytes]` : m.body;
    return `[${clock(m.created_at)}] ${who}: ${body}`;
  });
  return { text: lines.join('\n'), lastId: rows.length ? rows[rows.length - 1]!.id : afterId };
}

async function insertNote(scope: WriteScope, ticketId: number, authorId: number, body: string): Promise<void> {
  const cut = truncateComment(body);
  await scope.trx
    .insertInto('comments')
    .values({
      ticket_id: ticketId,
      kind: 'note',
      author_kind: 'technician',
      author_technician_id: authorId,
      author_contact_id: null,
      body: cut.body,
      truncated: cut.truncated ? 1 : 0,
      client_id: null,
      created_at: scope.now,
    })
    .execute();
}

/** Creates the chat's ticket (assigned to its owner) with the transcript so far, and links it. */
export async function createChatTicket(
  scope: WriteScope,
  chat: ChatRow,
  title: string,
  creatorId: number,
): Promise<ChatRow> {
  const { trx, now } = scope;
  const owner = chat.owner_id ?? creatorId;
  const row: TicketRow = await trx
    .insertInto('tickets')
    .values({
      company_id: chat.company_id,
      title,
      status: 'open',
      type: 'incident',
      priority: 'medium',
      priority_rank: priorityRank('medium'),
      impact: 'none',
      activity_status: 'read',
      assignee_id: owner,
      requester_id: chat.contact_id,
      created_by_id: creatorId,
      client_id: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordActivity(scope, null, row.id, 'created', null, `${title} (from chat ${chat.id})`);
  const { text, lastId } = await transcriptText(scope, chat.id, 0);
  await insertNote(scope, row.id, owner, `Chat ${chat.id} transcript:\n${text}`);
  await startTicketSla(scope, row);
  const linked = await updateChat(scope, chat.id, { ticket_id: row.id, transcript_upto: lastId });
  await cancel(scope, CHAT_DEADLINES.autoTicket, String(chat.id));
  const ticket = await ticketView(trx, row, now);
  scope.emit({ type: 'ticket.created', companyId: chat.company_id, data: { ticket } });
  scope.emit({
    type: 'chat.ticket',
    companyId: chat.company_id,
    technicianId: linked.owner_id,
    data: { chatId: chat.id, ticketId: row.id, title, chat: await chatView(trx, linked) },
  });
  await emitChatUpdated(scope, linked, 'ticket');
  return linked;
}

/**
 * After a transfer the chat's ticket follows its new owner, unless someone assigned the ticket to a
 * third technician meanwhile; the change is logged under the technician who took the chat.
 */
export async function ticketFollowsOwner(scope: WriteScope, chat: ChatRow, from: number, to: Actor): Promise<void> {
  if (chat.ticket_id === null) return;
  const ticket = await scope.trx.selectFrom('tickets').selectAll().where('id', '=', chat.ticket_id).executeTakeFirst();
  if (!ticket || ticket.assignee_id === to.id || (ticket.assignee_id !== null && ticket.assignee_id !== from)) return;
  const previous = ticket.assignee_id ?? 0;
  const was = await scope.trx.selectFrom('technicians').select('name').where('id', '=', previous).executeTakeFirst();
  const before = was?.name ?? null;
  const row = await scope.trx
    .updateTable('tickets')
    .set({ assignee_id: to.id, updated_at: scope.now })
    .where('id', '=', ticket.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordActivity(scope, to, ticket.id, 'assignee', before, to.name);
  await announceUpdated(scope, row, ['assignee']);
}

/** Appends what was said since the ticket was made (at the chat's end). */
export async function appendTranscript(scope: WriteScope, chat: ChatRow): Promise<void> {
  if (chat.ticket_id === null) return;
  const { text, lastId } = await transcriptText(scope, chat.id, Number(chat.transcript_upto));
  if (lastId === Number(chat.transcript_upto)) return;
  const author =
    chat.owner_id ??
    (
      await scope.trx
        .selectFrom('tickets')
        .select('created_by_id')
        .where('id', '=', chat.ticket_id)
        .executeTakeFirstOrThrow()
    ).created_by_id;
  await insertNote(scope, chat.ticket_id, author, `Chat ${chat.id} transcript (continued):\n${text}`);
  await scope.trx.updateTable('tickets').set({ updated_at: scope.now }).where('id', '=', chat.ticket_id).execute();
  await scope.trx.updateTable('chats').set({ transcript_upto: lastId }).where('id', '=', chat.id).execute();
}

/** The auto-ticket deadline: the conversation has run its time. */
export async function autoTicketDue(scope: WriteScope, ref: string): Promise<void> {
  const chat = await lockChat(scope, Number(ref));
  if (!chat || chat.state !== 'active' || chat.ticket_id !== null || chat.owner_id === null) return;
  await createChatTicket(scope, chat, AUTO_TICKET_TITLE, chat.owner_id);
}

/** `desk chat ticket ID [--title]`: makes the chat's ticket now, or renames it. */
export async function chatTicket(store: Store, actor: Actor, id: number, raw: unknown) {
  const input = chatTicketInput.parse(raw);
  return store.write(async (scope) => {
    const chat = await lockVisibleChat(scope, actor, id);
    if (chat.ticket_id === null) {
      if (chat.state === 'requested' || chat.state === 'offered') {
        throw conflict(`chat ${id} has not started yet: there is no conversation to make a ticket of`);
      }
      const title = input.title ?? AUTO_TICKET_TITLE;
      const linked = await createChatTicket(scope, chat, title, actor.id);
      if (chat.state !== 'active') await appendTranscript(scope, linked);
      return { ticketId: linked.ticket_id as number, created: true, title };
    }
    const ticket = await scope.trx
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', chat.ticket_id)
      .executeTakeFirstOrThrow();
    if (input.title === undefined || input.title === ticket.title) {
      return { ticketId: ticket.id, created: false, title: ticket.title };
    }
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ title: input.title, updated_at: scope.now })
      .where('id', '=', ticket.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, ticket.id, 'title', ticket.title, input.title);
    scope.emit({
      type: 'ticket.updated',
      companyId: fresh.company_id,
      data: { ticket: await ticketView(scope.trx, fresh, scope.now), changes: ['title'] },
    });
    return { ticketId: ticket.id, created: false, title: input.title };
  });
}

/**
 * A customer leaves a ticket instead of chatting: the customer is its creator (created_by_contact_id;
 * the technician creator column holds the account's first admin), requester and author of the first
 * (public) comment, whose sentiment the ticket takes at once.
 */
export async function customerTicket(store: Store, customer: CustomerActor, raw: unknown) {
  const input = customerTicketInput.parse(raw);
  const clientId = input.clientId ? `customer:${customer.contactId}:${input.clientId}` : null;
  const find = async () =>
    clientId === null
      ? undefined
      : store.db.selectFrom('tickets').select(['id', 'title']).where('client_id', '=', clientId).executeTakeFirst();
  const again = await find();
  if (again) return { ticketId: again.id, title: again.title };
  try {
    return await store.write(async (scope) => {
      const { row } = await openRequesterTicket(scope, {
        contact: { id: customer.contactId, companyId: customer.companyId },
        title: input.title,
        message: input.message,
        type: 'request',
        clientId,
        createdNote: input.title,
      });
      await mailRequestReceived(scope, store, row.id);
      return { ticketId: row.id, title: row.title };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const row = await find();
      if (row) return { ticketId: row.id, title: row.title };
    }
    throw err;
  }
}
