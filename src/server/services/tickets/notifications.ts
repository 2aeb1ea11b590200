/**
 * Mention notifications (DESIGN §2.1): an internal note that @mentions a
 * technician gives them a notification (ticket, who, when, excerpt) that is
 * kept 7 days by the server clock, then removed by a stored deadline. Each is
 * an event addressed to that technician on the stream.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { schedule } from '../../deadlines/deadlines.js';
import { iso } from '../../iso-time.js';
import { notFound } from '../../../core/errors.js';
import { excerpt, resolveMentions } from '../../../core/mentions.js';
import { notificationQuery, type Notification } from '../../../core/ticket-resources.js';

export const NOTIFICATION_TTL_MS = 7 * 24 * 3_600_000;
export const NOTIFICATION_EXPIRE = 'notification.expire';

type Row = {
  id: number;
  ticket_id: number;
  ticket_title: string;
  actor_technician_id: number;
  actor_name: string;
  excerpt: string;
  created_at: number;
  read_at: number | null;
};

function view(r: Row): Notification {
  return {
    id: r.id,
    ticket: { id: r.ticket_id, title: r.ticket_title },
    by: { id: r.actor_technician_id, name: r.actor_name },
    excerpt: r.excerpt,
    createdAt: iso(r.created_at),
    expiresAt: iso(Number(r.created_at) + NOTIFICATION_TTL_MS),
    read: r.read_at !== null,
  };
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('notifications')
    .innerJoin('tickets', 'tickets.id', 'notifications.ticket_id')
    .innerJoin('technicians', 'technicians.id', 'notifications.actor_technician_id')
    .select([
      'notifications.id',
      'notifications.ticket_id',
      'tickets.title as ticket_title',
      'notifications.actor_technician_id',
      'technicians.name as actor_name',
      'notifications.excerpt',
      'notifications.created_at',
      'notifications.read_at',
    ]);
}

/** Who may be notified about a ticket of this company: admins and technicians granted it. */
async function mayNotify(db: Kysely<Database>, companyId: number): Promise<Set<number>> {
  const [admins, granted] = await Promise.all([
    db.selectFrom('technicians').select('id').where('is_admin', '=', 1).execute(),
    db.selectFrom('grants').select('technician_id').where('company_id', '=', companyId).execute(),
  ]);
  return new Set([...admins.map((a) => a.id), ...granted.map((g) => Number(g.technician_id))]);
}

/**
 * Notifies every technician a note mentions (not its author, and only those
 * who can see the ticket's company). Returns who was notified.
 */
export async function notifyMentions(
  scope: WriteScope,
  actor: Actor,
  ticket: { id: number; company_id: number },
  commentId: number,
  body: string,
): Promise<Array<{ id: number; name: string }>> {
  const { trx, now } = scope;
  if (!body.includes('@')) return [];
  const technicians = await trx.selectFrom('technicians').select(['id', 'name', 'email']).execute();
  const allowed = await mayNotify(trx, ticket.company_id);
  const mentioned = resolveMentions(body, technicians).filter((t) => t.id !== actor.id && allowed.has(t.id));
  const text = excerpt(body);
  const title = (await trx.selectFrom('tickets').select('title').where('id', '=', ticket.id).executeTakeFirst())?.title;
  for (const t of mentioned) {
    const row = await trx
      .insertInto('notifications')
      .values({
        technician_id: t.id,
        ticket_id: ticket.id,
        comment_id: commentId,
        actor_technician_id: actor.id,
        excerpt: text,
        created_at: now,
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedule(scope, { kind: NOTIFICATION_EXPIRE, ref: String(row.id), dueAt: now + NOTIFICATION_TTL_MS });
    const notification = view({
      id: row.id,
      ticket_id: ticket.id,
      ticket_title: title ?? '',
      actor_technician_id: actor.id,
      actor_name: actor.name,
      excerpt: text,
      created_at: now,
      read_at: null,
    });
    scope.emit({ type: 'notification.created', companyId: null, technicianId: t.id, data: { notification } });
  }
  return mentioned.map((t) => ({ id: t.id, name: t.name }));
}

/** The actor's notifications of the last 7 days, newest first. */
export async function listNotifications(store: Store, actor: Actor, raw: unknown): Promise<Notification[]> {
  const query = notificationQuery.parse(raw);
  let q = baseQuery(store.db)
    .where('notifications.technician_id', '=', actor.id)
    .where('notifications.created_at', '>', store.now() - NOTIFICATION_TTL_MS)
    .orderBy('notifications.id', 'desc')
    .limit(500);
  if (query.unread) q = q.where('notifications.read_at', 'is', null);
  return (await q.execute()).map(view);
}

/** Marks one notification (or, with `id` undefined, all) of the actor read; returns how many changed. */
export async function markRead(store: Store, actor: Actor, id: number | undefined): Promise<{ read: number }> {
  return store.write(async ({ trx, now, emit }) => {
    let q = trx
      .updateTable('notifications')
      .set({ read_at: now })
      .where('technician_id', '=', actor.id)
      .where('read_at', 'is', null)
      .where('created_at', '>', now - NOTIFICATION_TTL_MS);
    if (id !== undefined) {
      const mine = await trx
        .selectFrom('notifications')
        .select('id')
        .where('id', '=', id)
        .where('technician_id', '=', actor.id)
        .where('created_at', '>', now - NOTIFICATION_TTL_MS)
        .executeTakeFirst();
      if (!mine) throw notFound(`notification ${id}`);
      q = q.where('id', '=', id);
    }
    const res = await q.executeTakeFirst();
    const read = Number(res.numUpdatedRows);
    if (read > 0)
      emit({ type: 'notification.read', companyId: null, technicianId: actor.id, data: { id: id ?? null } });
    return { read };
  });
}

/** The deadline handler: a notification 7 days old is removed. */
export async function expireNotification(scope: WriteScope, id: number): Promise<void> {
  const row = await scope.trx
    .selectFrom('notifications')
    .select(['id', 'technician_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  await scope.trx.deleteFrom('notifications').where('id', '=', id).execute();
  scope.emit({ type: 'notification.expired', companyId: null, technicianId: row.technician_id, data: { id } });
}
