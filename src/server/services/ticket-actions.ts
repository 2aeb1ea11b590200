/**
 * Ticket actions (DESIGN §2.1): merge into another ticket (comments,
 * attachments, products and expenses, time entries, timers and chats move; the
 * source is closed and points at the target; both activity logs say so), mark
 * as spam (hidden from default lists), soft delete and restore.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../store/schema.js';
import type { Store, WriteScope } from '../store/store.js';
import type { Actor } from './actor.js';
import { assertCompanyVisible, scopeOf } from './access.js';
import { recordActivity } from './activity.js';
import { afterTicketWrite } from './ticket-hooks.js';
import { ticketView } from './ticket-views.js';
import { invalid, notFound } from '../../core/errors.js';
import { mergeInput, spamInput } from '../../core/ticket-resources.js';
import type { Ticket } from '../../core/schemas.js';

async function visibleTicket(db: Kysely<Database>, actor: Actor, id: number): Promise<TicketRow> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`ticket ${id}`);
  assertCompanyVisible(await scopeOf(db, actor), row.company_id, `ticket ${id}`);
  return row;
}

async function announce(scope: WriteScope, row: TicketRow, changes: string[]): Promise<Ticket> {
  const ticket = await ticketView(scope.trx, row);
  scope.emit({ type: 'ticket.updated', companyId: row.company_id, data: { ticket, changes } });
  return ticket;
}

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
    await afterTicketWrite(scope, source, closedSource);
    return {
      source: await announce(scope, closedSource, ['status', 'mergedInto']),
      target: await announce(scope, freshTarget, ['mergedFrom']),
      moved,
    };
  });
}

export async function setSpam(store: Store, actor: Actor, id: number, raw: unknown): Promise<Ticket> {
  const { spam } = spamInput.parse(raw);
  return store.write(async (scope) => {
    const row = await visibleTicket(scope.trx, actor, id);
    if ((row.is_spam === 1) === spam) return ticketView(scope.trx, row);
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ is_spam: spam ? 1 : 0, updated_at: scope.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'spam', spam ? 'no' : 'yes', spam ? 'yes' : 'no');
    return announce(scope, fresh, ['spam']);
  });
}

/** Soft delete: hidden from every list but `--deleted`, restorable. */
export async function deleteTicket(store: Store, actor: Actor, id: number): Promise<Ticket> {
  return store.write(async (scope) => {
    const row = await visibleTicket(scope.trx, actor, id);
    if (isDeleted(row)) throw invalid(`ticket ${id} is deleted already`);
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ deleted_at: scope.now, updated_at: scope.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'deleted', null, 'yes');
    return announce(scope, fresh, ['deleted']);
  });
}

export async function restoreTicket(store: Store, actor: Actor, id: number): Promise<Ticket> {
  return store.write(async (scope) => {
    const row = await visibleTicket(scope.trx, actor, id);
    if (!isDeleted(row)) throw invalid(`ticket ${id} is not deleted`);
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ deleted_at: null, updated_at: scope.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'deleted', 'yes', null);
    return announce(scope, fresh, ['restored']);
  });
}
