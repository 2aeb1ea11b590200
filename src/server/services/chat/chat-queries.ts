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

/** Chats I own or confer in (open ones, or all with `all`), and offers and invitations waiting for me. */
export async function listMyChats(db: Db, actor: Actor, raw: unknown): Promise<{ items: Chat[] }> {
  const query = myChatsQuery.parse(raw);
  let q = db
    .selectFrom('chats')
    .selectAll()
    .where(({ or, eb, exists, selectFrom }) =>
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
      ]),
    )
    .orderBy('id', 'desc')
    .limit(500);
  if (!query.all) q = q.where('state', 'in', [...OPEN_CHAT_STATES]);
  return { items: await chatViews(db, await q.execute()) };
}

export async function showChat(db: Db, actor: Actor, id: number): Promise<ChatDetail> {
  const seq = await headSeq(db);
  const row = await visibleChat(db, actor, id);
  const [chat, messages, transfer] = await Promise.all([
    chatView(db, row),
    transcript(db, id, true),
    pendingTransferView(db, id),
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
    endedBy: row.ended_by,
    transfer,
    messages,
    seq,
  };
}
