/** What technicians read: the request list, their own chats and offers, one chat with its transcript. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { scopeOf } from '../access.js';
import {
  OPEN_CHAT_STATES,
  STATES_BY_FILTER,
  listRequestsQuery,
  myChatsQuery,
  type Chat,
  type ChatDetail,
} from '../../../core/chat.js';
import { chatView, chatViews, headSeq, pendingTransferView } from './chat-views.js';
import { transcript } from './message-views.js';
import { visibleChat } from './chat-access.js';

type Db = Kysely<Database>;

export async function listRequests(db: Db, actor: Actor, raw: unknown): Promise<{ items: Chat[] }> {
  const query = listRequestsQuery.parse(raw);
  const scope = await scopeOf(db, actor);
  let q = db.selectFrom('chats').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (!scope.all) q = q.where('company_id', 'in', [0, ...scope.companyIds]);
  const states = STATES_BY_FILTER[query.filter];
  if (states) q = q.where('state', 'in', [...states]);
  return { items: await chatViews(db, await q.execute()) };
}

/** Queues I belong to: those that list me, and the default queue when it lists nobody (it has everyone). */
async function myQueueIds(db: Db, technicianId: number): Promise<number[]> {
  const [member, defaults] = await Promise.all([
    db.selectFrom('chat_queue_members').select('queue_id').where('technician_id', '=', technicianId).execute(),
    db
      .selectFrom('chat_queues')
      .select('id')
      .where('is_default', '=', 1)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('chat_queue_members')
              .select('queue_id')
              .whereRef('chat_queue_members.queue_id', '=', 'chat_queues.id'),
          ),
        ),
      )
      .execute(),
  ]);
  return [...new Set([...member.map((m) => m.queue_id), ...defaults.map((d) => d.id)])];
}

/**
 * Chats I own or confer in (open ones, all with `all`, or those of a `state` filter), and offers,
 * invitations and transfers waiting for me or for a queue I belong to (of companies I may see).
 */
export async function listMyChats(db: Db, actor: Actor, raw: unknown): Promise<{ items: Chat[] }> {
  const query = myChatsQuery.parse(raw);
  if (query.wrapupDue) return wrapupsDue(db, actor);
  const [queueIds, scope] = await Promise.all([myQueueIds(db, actor.id), scopeOf(db, actor)]);
  const visible = scope.all ? undefined : [0, ...scope.companyIds];
  let q = db
    .selectFrom('chats')
    .selectAll()
    .where(({ and, or, eb, exists, selectFrom }) =>
      or([
        eb('owner_id', '=', actor.id),
        eb('offered_to_id', '=', actor.id),
        exists(
          selectFrom('chat_participants')
            .select('chat_participants.chat_id')
            .whereRef('chat_participants.chat_id', '=', 'chats.id')
            .where('chat_participants.technician_id', '=', actor.id)
            .where('chat_participants.state', 'in', ['invited', 'active']),
        ),
        exists(
          selectFrom('chat_transfers')
            .select('chat_transfers.chat_id')
            .whereRef('chat_transfers.chat_id', '=', 'chats.id')
            .where('chat_transfers.to_technician_id', '=', actor.id)
            .where('chat_transfers.state', '=', 'pending'),
        ),
        and([
          exists(
            selectFrom('chat_transfers')
              .select('chat_transfers.chat_id')
              .whereRef('chat_transfers.chat_id', '=', 'chats.id')
              .where('chat_transfers.to_queue_id', 'in', [0, ...queueIds])
              .where('chat_transfers.from_id', '!=', actor.id)
              .where('chat_transfers.state', '=', 'pending'),
          ),
          ...(visible ? [eb('company_id', 'in', visible)] : []),
        ]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(500);
  const states = query.state ? STATES_BY_FILTER[query.state] : query.all ? undefined : OPEN_CHAT_STATES;
  if (states) q = q.where('state', 'in', [...states]);
  return { items: await chatViews(db, await q.execute()) };
}

/** Each technician's wrap-up reason for a chat, given or owed, in the order they joined. */
async function wrapupsOf(db: Db, chatId: number): Promise<NonNullable<ChatDetail['wrapups']>> {
  const rows = await db
    .selectFrom('chat_participants')
    .innerJoin('technicians', 'technicians.id', 'chat_participants.technician_id')
    .select(['technicians.id', 'technicians.name', 'chat_participants.wrapup', 'chat_participants.wrapup_due'])
    .where('chat_participants.chat_id', '=', chatId)
    .where((eb) => eb.or([eb('chat_participants.wrapup', 'is not', null), eb('chat_participants.wrapup_due', '=', 1)]))
    .orderBy('chat_participants.created_at')
    .orderBy('technicians.id')
    .execute();
  return rows.map((r) => ({ technician: { id: r.id, name: r.name }, reason: r.wrapup, due: r.wrapup_due === 1 }));
}

/** The chats (in any state) I still owe a wrap-up reason for, newest first. */
async function wrapupsDue(db: Db, actor: Actor): Promise<{ items: Chat[] }> {
  const rows = await db
    .selectFrom('chats')
    .innerJoin('chat_participants', 'chat_participants.chat_id', 'chats.id')
    .selectAll('chats')
    .where('chat_participants.technician_id', '=', actor.id)
    .where('chat_participants.wrapup_due', '=', 1)
    .orderBy('chats.id', 'desc')
    .limit(500)
    .execute();
  return { items: await chatViews(db, rows) };
}

export async function showChat(db: Db, actor: Actor, id: number): Promise<ChatDetail> {
  const seq = await headSeq(db);
  const row = await visibleChat(db, actor, id);
  const [chat, messages, transfer, wrapups] = await Promise.all([
    chatView(db, row),
    transcript(db, id, true),
    pendingTransferView(db, id),
    wrapupsOf(db, id),
  ]);
  return {
    ...chat,
    origin: {
      ip: row.origin_ip,
      os: row.origin_os,
      device: row.origin_device,
      client: row.origin_client,
      clientVersion: row.origin_client_version,
    },
    wrapup: row.wrapup,
    wrapups,
    endedBy: row.ended_by,
    transfer,
    messages,
    seq,
  };
}
