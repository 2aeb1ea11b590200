/**
 * Merging a ticket into another (DESIGN §2.1): comments, attachments,
 * products and expenses, time entries, timers and chats move; the source is
 * closed and points at the target; both activity logs say so.
 */
import type { TicketRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordActivity } from './activity.js';
import { visibleTicket } from './lookup.js';
import { slaAfterUpdate } from './sla-clock.js';
import { announceUpdated } from './views.js';
import { invalid } from '../../../core/errors.js';
import { mergeInput } from '../../../core/ticket-resources.js';
import type { Ticket } from '../../../core/schemas.js';

const isDeleted = (row: TicketRow) => row.deleted_at !== null && row.deleted_at !== undefined;

export interface MergeResult {
  readonly source: Ticket;
  readonly target: Ticket;
  readonly moved: { comments: number; attachments: number; items: number; timeEntries: number; chats: number };
}

export async function mergeTicket(store: Store, actor: Actor, sourceId: number, raw: unknown): Promise<MergeResult> {
  const { into } = mergeInput.parse(raw);
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const source = await visibleTicket(trx, actor, sourceId);
    const target = await visibleTicket(trx, actor, into);
    if (source.id === target.id) throw invalid('a ticket cannot be merged into itself', 'into');
    if (source.merged_into_id !== null)
      throw invalid(`ticket ${source.id} was merged into ${source.merged_into_id} already`);
    if (target.merged_into_id !== null) {
      throw invalid(`ticket ${target.id} was merged into ${target.merged_into_id}; merge into that one`, 'into');
    }
    if (isDeleted(source) || isDeleted(target)) throw invalid('a deleted ticket cannot be merged; restore it first');
    if (source.company_id !== target.company_id)
      throw invalid('tickets of different companies cannot be merged', 'into');
    const move = async (
      table: 'comments' | 'attachments' | 'ticket_items' | 'time_entries' | 'time_timers' | 'chats',
    ) =>
      Number(
        (
          await trx
            .updateTable(table)
            .set({ ticket_id: target.id })
            .where('ticket_id', '=', source.id)
            .executeTakeFirst()
        ).numUpdatedRows,
      );
    const moved = {
      comments: await move('comments'),
      attachments: await move('attachments'),
      items: await move('ticket_items'),
      timeEntries: await move('time_entries'),
      chats: await move('chats'),
    };
    await move('time_timers');
    const sourceTags = await trx.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', source.id).execute();
    const targetTags = new Set(
      (await trx.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', target.id).execute()).map(
        (t) => t.tag,
      ),
    );
    const newTags = sourceTags.map((t) => t.tag).filter((t) => !targetTags.has(t));
    if (newTags.length) {
      await trx
        .insertInto('ticket_tags')
        .values(newTags.map((tag) => ({ ticket_id: target.id, tag })))
        .execute();
    }
    const closedSource = await trx
      .updateTable('tickets')
      .set({
        status: 'closed',
        custom_status_id: null,
        merged_into_id: target.id,
        resolution_comment_id: null,
        updated_at: now,
      })
      .where('id', '=', source.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (source.status !== 'closed') await recordActivity(scope, actor, source.id, 'status', source.status, 'closed');
    await recordActivity(scope, actor, source.id, 'mergedInto', null, `#${target.id}`);
    const freshTarget = await trx
      .updateTable('tickets')
      .set({
        updated_at: now,
        ...(target.resolution_comment_id === null && source.resolution_comment_id !== null
          ? { resolution_comment_id: source.resolution_comment_id }
          : {}),
      })
      .where('id', '=', target.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, target.id, 'mergedFrom', null, `#${source.id}`);
    if (newTags.length) await recordActivity(scope, actor, target.id, 'tags', null, newTags.join(','));
    await slaAfterUpdate(scope, source, closedSource);
    return {
      source: await announceUpdated(scope, closedSource, ['status', 'mergedInto']),
      target: await announceUpdated(scope, freshTarget, ['mergedFrom']),
      moved,
    };
  });
}
