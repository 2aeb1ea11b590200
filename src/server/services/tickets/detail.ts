/**
 * A ticket's detail (DESIGN §2.1) as `GET /v1/tickets/:id` answers it: the
 * ticket, its conversation (with CC, attachments and the resolution mark, in
 * the order and with the filter asked for), activity log, time records,
 * requester panel and who views it now. The first technician to open an
 * unread ticket marks it read.
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { ticketTime } from '../time/entries.js';
import { recordActivity } from './activity.js';
import { attachmentsOfComments } from './attachments.js';
import { visibleTicket } from './lookup.js';
import { requesterPanel } from './requester-panel.js';
import { viewersOf } from './viewers.js';
import { commentFromRow, selectComments } from './comment-rows.js';
import { announceUpdated, ticketView } from './views.js';
import type { Activity } from '../../../core/schemas.js';
import type { TicketDetail } from '../../../core/ticket-detail.js';
import { activityAfterView, type ActivityStatus } from '../../../core/tickets.js';

export const showQuery = z.object({
  order: z._default(z.enum(['oldest', 'newest']), 'oldest'),
  only: z.optional(z.enum(['public', 'internal'])),
});
type Shown = z.output<typeof showQuery>;

/** The ticket with its comments, activity log and time records. */
async function baseDetail(db: Kysely<Database>, row: TicketRow, now: number): Promise<TicketDetail> {
  const [ticket, comments, activity, time] = await Promise.all([
    ticketView(db, row, now),
    selectComments(db).where('comments.ticket_id', '=', row.id).orderBy('comments.id').execute(),
    db
      .selectFrom('ticket_activity')
      .leftJoin('technicians', 'technicians.id', 'ticket_activity.actor_technician_id')
      .leftJoin('contacts', 'contacts.id', 'ticket_activity.actor_contact_id')
      .select([
        'ticket_activity.id',
        'ticket_activity.actor_kind',
        'ticket_activity.actor_technician_id',
        'ticket_activity.actor_contact_id',
        'contacts.name as contact_name',
        'ticket_activity.field',
        'ticket_activity.old_value',
        'ticket_activity.new_value',
        'ticket_activity.created_at',
        'technicians.name as technician_name',
      ])
      .where('ticket_activity.ticket_id', '=', row.id)
      .orderBy('ticket_activity.id')
      .execute(),
    ticketTime(db, row.id),
  ]);
  return {
    ...ticket,
    time,
    comments: comments.map((c) => commentFromRow(c, [], null)),
    activity: activity.map((a): Activity => ({
      id: a.id,
      actor:
        a.actor_kind === 'system'
          ? { kind: 'system', id: null, name: 'Deskline' }
          : a.actor_kind === 'contact'
            ? {
                kind: 'contact',
                id: a.actor_contact_id === null ? null : Number(a.actor_contact_id),
                name: a.contact_name ?? '',
              }
            : { kind: 'technician', id: a.actor_technician_id, name: a.technician_name ?? '' },
      field: a.field,
      oldValue: a.old_value,
      newValue: a.new_value,
      at: iso(a.created_at),
    })),
  };
}

/**
 * The whole detail of a ticket as it is at `now`: comments with CC, attachments and the resolution
 * mark, in the order and with the filter asked for (oldest first, all by default); the requester
 * panel; who views it now.
 */
export async function ticketDetail(
  db: Kysely<Database>,
  row: TicketRow,
  now: number,
  query: Shown = { order: 'oldest' },
): Promise<TicketDetail> {
  const detail = await baseDetail(db, row, now);
  const ids = detail.comments.map((c) => c.id);
  const files = await attachmentsOfComments(db, ids);
  const resolutionId = row.resolution_comment_id == null ? null : Number(row.resolution_comment_id);
  const comments = detail.comments
    .map((c) => ({
      ...c,
      attachments: files.get(c.id) ?? [],
      resolution: c.id === resolutionId,
    }))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  const resolved = comments.find((c) => c.resolution);
  const kind = query.only === 'public' ? 'reply' : query.only === 'internal' ? 'note' : undefined;
  const shown = comments.filter((c) => kind === undefined || c.kind === kind);
  if (query.order === 'newest') shown.reverse();
  const [panel, viewers] = await Promise.all([
    row.requester_id == null ? null : requesterPanel(db, Number(row.requester_id), row.id),
    viewersOf(db, detail.id, now),
  ]);
  return {
    ...detail,
    comments: shown,
    commentsTotal: comments.length,
    resolution: resolved
      ? {
          commentId: resolved.id,
          kind: resolved.kind,
          author: resolved.author,
          body: resolved.body,
          createdAt: resolved.createdAt,
        }
      : null,
    requesterPanel: panel,
    viewers,
  };
}

/**
 * Shows a ticket (`raw`: `order` oldest or newest, `only` public or internal); the first technician
 * to open an unread ticket marks it read.
 */
export async function showTicket(store: Store, actor: Actor, id: number, raw: unknown = {}): Promise<TicketDetail> {
  const query = showQuery.parse(raw);
  const row = await visibleTicket(store.db, actor, id);
  const next = activityAfterView(row.activity_status as ActivityStatus);
  if (next === row.activity_status || (row.created_by_contact_id === null && row.created_by_id === actor.id)) {
    return ticketDetail(store.db, row, store.now(), query);
  }
  const updated = await store.write(async (scope) => {
    const current = await scope.trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (current.activity_status !== 'unread') return current;
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ activity_status: next })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'activityStatus', current.activity_status, next);
    await announceUpdated(scope, fresh, ['activityStatus']);
    return fresh;
  });
  return ticketDetail(store.db, updated, store.now(), query);
}
