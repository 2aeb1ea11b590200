/**
 * Turns chat rows into the API's chat objects (for technicians and for the chat's customer), loading
 * names, participants and pending transfers for a whole list in a few queries; and the event
 * sequence a snapshot answer carries.
 */
import { sql, type Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import { CHAT_DEADLINES, PREVIEW_MAX, type Chat, type ChatState, type Transfer } from '../../../core/chat.js';
import { type CustomerChat } from '../../../core/customer-chat.js';

type Db = Kysely<Database>;

/** The distinct ids among `xs`, without nulls. */
export const unique = (xs: Array<number | null | undefined>): number[] => [
  ...new Set(xs.filter((x): x is number => typeof x === 'number')),
];

/** Names by id from a table with a `name` column. */
export async function names(db: Db, table: 'technicians' | 'companies' | 'chat_queues', ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function chatViews(db: Db, rows: readonly ChatRow[]): Promise<Chat[]> {
  if (rows.length === 0) return [];
  const chatIds = rows.map((r) => r.id);
  const [participants, transfers, contacts] = await Promise.all([
    db
      .selectFrom('chat_participants')
      .select(['chat_id', 'technician_id', 'role', 'state'])
      .where('chat_id', 'in', chatIds)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('chat_transfers')
      .select('chat_id')
      .where('chat_id', 'in', chatIds)
      .where('state', '=', 'pending')
      .execute(),
    db
      .selectFrom('contacts')
      .select(['id', 'name', 'email'])
      .where('id', 'in', unique(rows.map((r) => r.contact_id)))
      .execute(),
  ]);
  const techIds = unique([
    ...rows.map((r) => r.owner_id),
    ...rows.map((r) => r.offered_to_id),
    ...participants.map((p) => p.technician_id),
  ]);
  const [techs, companies, queues, previews] = await Promise.all([
    names(db, 'technicians', techIds),
    names(db, 'companies', unique(rows.map((r) => r.company_id))),
    names(db, 'chat_queues', unique(rows.map((r) => r.queue_id))),
    firstCustomerMessages(db, chatIds),
  ]);
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const pending = new Set(transfers.map((t) => t.chat_id));
  const techRef = (id: number | null) => (id === null ? null : { id, name: techs.get(id) ?? '' });
  return rows.map((r): Chat => {
    const contact = contactById.get(r.contact_id);
    return {
      id: r.id,
      state: r.state as ChatState,
      initiatedBy: r.initiated_by as 'customer' | 'technician',
      queue: { id: r.queue_id, name: queues.get(r.queue_id) ?? '' },
      company: { id: r.company_id, name: companies.get(r.company_id) ?? '' },
      contact: { id: r.contact_id, name: contact?.name ?? '', email: contact?.email ?? '' },
      owner: techRef(r.owner_id),
      offeredTo: techRef(r.offered_to_id),
      participants: participants
        .filter((p) => p.chat_id === r.id)
        .map((p) => ({
          technician: { id: p.technician_id, name: techs.get(p.technician_id) ?? '' },
          role: p.role as 'owner' | 'conference' | 'assistant',
          state: p.state as 'invited' | 'active' | 'left',
        })),
      ticketId: r.ticket_id,
      transferPending: pending.has(r.id),
      preview: previews.get(r.id) ?? null,
      sessionNumber: r.session_number,
      requestedAt: iso(r.requested_at),
      acceptedAt: r.accepted_at === null ? null : iso(r.accepted_at),
      endedAt: r.ended_at === null ? null : iso(r.ended_at),
      updatedAt: iso(r.updated_at),
    };
  });
}

/** The customer's first text message of each chat, cut to PREVIEW_MAX characters. */
async function firstCustomerMessages(db: Db, chatIds: number[]): Promise<Map<number, string>> {
  const firsts = await db
    .selectFrom('chat_messages')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('chat_id', 'in', chatIds)
    .where('author_kind', '=', 'contact')
    .where('file_id', 'is', null)
    .groupBy('chat_id')
    .execute();
  const ids = firsts.map((f) => Number(f.id));
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('chat_messages').select(['chat_id', 'body']).where('id', 'in', ids).execute();
  return new Map(rows.map((m) => [m.chat_id, m.body.length > PREVIEW_MAX ? m.body.slice(0, PREVIEW_MAX) : m.body]));
}

export async function chatView(db: Db, row: ChatRow): Promise<Chat> {
  const [view] = await chatViews(db, [row]);
  if (!view) throw new Error('chat view missing');
  return view;
}

/** The chat as its customer sees it: who they talk to, not the desk's internals. */
export async function customerChatView(db: Db, row: ChatRow): Promise<CustomerChat> {
  const invitation = row.initiated_by === 'technician' && row.state === 'offered';
  const [owner, queue, expiry] = await Promise.all([
    row.owner_id !== null && row.state !== 'requested'
      ? db.selectFrom('technicians').select('name').where('id', '=', row.owner_id).executeTakeFirst()
      : undefined,
    db.selectFrom('chat_queues').select('name').where('id', '=', row.queue_id).executeTakeFirst(),
    invitation
      ? db
          .selectFrom('deadlines')
          .select('due_at')
          .where('kind', '=', CHAT_DEADLINES.customerAccept)
          .where('ref', '=', String(row.id))
          .executeTakeFirst()
      : undefined,
  ]);
  return {
    id: row.id,
    state: row.state as ChatState,
    initiatedBy: row.initiated_by as 'customer' | 'technician',
    queue: queue?.name ?? null,
    technician: owner ? { name: owner.name } : null,
    ticketId: row.ticket_id,
    sessionNumber: row.session_number,
    requestedAt: iso(row.requested_at),
    acceptedAt: row.accepted_at === null ? null : iso(row.accepted_at),
    endedAt: row.ended_at === null ? null : iso(row.ended_at),
    ...(invitation ? { expiresAt: expiry ? iso(Number(expiry.due_at)) : null } : {}),
  };
}

export async function pendingTransferView(db: Db, chatId: number): Promise<Transfer | null> {
  const t = await db
    .selectFrom('chat_transfers')
    .selectAll()
    .where('chat_id', '=', chatId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!t) return null;
  const [techs, queues] = await Promise.all([
    names(db, 'technicians', unique([t.from_id, t.to_technician_id])),
    names(db, 'chat_queues', unique([t.to_queue_id])),
  ]);
  return {
    id: t.id,
    from: { id: t.from_id, name: techs.get(t.from_id) ?? '' },
    toTechnician:
      t.to_technician_id === null ? null : { id: t.to_technician_id, name: techs.get(t.to_technician_id) ?? '' },
    toQueue: t.to_queue_id === null ? null : { id: t.to_queue_id, name: queues.get(t.to_queue_id) ?? '' },
    note: t.note,
    reason: t.reason,
    state: t.state as Transfer['state'],
    createdAt: iso(t.created_at),
    expiresAt: iso(t.expires_at),
  };
}

/** The newest event sequence: a client that read state now watches the stream from here. */
export async function headSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select(sql<number | null>`max(seq)`.as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
