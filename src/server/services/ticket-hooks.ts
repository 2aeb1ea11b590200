/**
 * What ticket properties add to the basic ticket writes
 * (`tickets.ts` calls these inside its transactions): custom statuses, product
 * family and custom fields on create and update; SLA clocks; CC, attachments,
 * the resolution mark and @mention notifications on comments.
 */
import type { TicketRow, TicketUpdate } from '../store/schema.js';
import type { WriteScope } from '../store/store.js';
import type { Actor } from './actor.js';
import { recordActivity } from './activity.js';
import { resolveCustomStatus, statusName } from './custom-statuses.js';
import { writeFieldValues } from './custom-fields.js';
import { slaAfterPublicReply, slaAfterUpdate, startTicketSla } from './sla-clock.js';
import { resolveCc } from './cc.js';
import { linkAttachments } from './attachments.js';
import { notifyMentions } from './notifications.js';
import { invalid } from '../../core/errors.js';
import type { TicketStatus } from '../../core/tickets.js';

function assertNotDeleted(row: TicketRow): void {
  if (row.deleted_at !== null && row.deleted_at !== undefined) {
    throw invalid(`ticket ${row.id} is deleted; restore it first (desk tickets restore ${row.id})`);
  }
}

/** After `createTicket` inserted the row: properties, fields, SLA. Returns the row as it is now. */
export async function afterTicketCreated(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  input: { productFamily?: string | undefined; fields?: Record<string, string> | undefined },
): Promise<TicketRow> {
  let current = row;
  if (input.productFamily !== undefined) {
    current = await scope.trx
      .updateTable('tickets')
      .set({ product_family: input.productFamily })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (input.fields) await writeFieldValues(scope, actor, row.id, input.fields);
  await startTicketSla(scope, current);
  return current;
}

interface StatusInput {
  status?: TicketStatus | undefined;
  customStatus?: string | undefined;
}

/**
 * A status given as a custom status name (or a built-in one that replaces a
 * custom status): fills `set`, logs it and notes the change.
 */
async function applyStatus(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  input: StatusInput,
  set: TicketUpdate,
  changes: string[],
): Promise<void> {
  if (input.status !== undefined && input.customStatus !== undefined) {
    throw invalid('give either a built-in status or a custom one, not both', 'customStatus');
  }
  const currentCustom = row.custom_status_id === null ? null : Number(row.custom_status_id);
  if (input.customStatus !== undefined) {
    const next = await resolveCustomStatus(scope.trx, input.customStatus);
    if (next.status === row.status && next.customStatusId === currentCustom) return;
    set.status = next.status;
    set.custom_status_id = next.customStatusId;
    await recordActivity(
      scope,
      actor,
      row.id,
      'status',
      await statusName(scope.trx, row.status, currentCustom),
      next.name,
    );
    if (!changes.includes('status')) changes.push('status');
  } else if (input.status !== undefined && currentCustom !== null) {
    set.custom_status_id = null;
    const oldName = await statusName(scope.trx, row.status, currentCustom);
    if (input.status === row.status) {
      await recordActivity(scope, actor, row.id, 'status', oldName, input.status);
      if (!changes.includes('status')) changes.push('status');
    } else {
      // The foundation logged the change from the mapped status: name the custom one instead.
      await scope.trx
        .updateTable('ticket_activity')
        .set({ old_value: oldName })
        .where('ticket_id', '=', row.id)
        .where('field', '=', 'status')
        .where('created_at', '=', scope.now)
        .where('old_value', '=', row.status)
        .execute();
    }
  }
}

/** `updateTicket`: custom status, product family and fields into the same change. */
export async function applyUpdateProperties(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  input: StatusInput & { productFamily?: string | null | undefined; fields?: Record<string, string> | undefined },
  set: TicketUpdate,
  changes: string[],
): Promise<void> {
  assertNotDeleted(row);
  await applyStatus(scope, actor, row, input, set, changes);
  if (input.productFamily !== undefined) {
    const next = input.productFamily === null || input.productFamily === '' ? null : input.productFamily;
    if (next !== (row.product_family ?? null)) {
      set.product_family = next;
      await recordActivity(scope, actor, row.id, 'productFamily', row.product_family ?? null, next);
      changes.push('productFamily');
    }
  }
  if (input.fields) {
    const changed = await writeFieldValues(scope, actor, row.id, input.fields);
    if (changed.length) changes.push('fields');
  }
}

export interface CommentPropertyInput extends StatusInput {
  kind: 'reply' | 'note';
  body: string;
  cc?: string[] | undefined;
  attachmentIds?: number[] | undefined;
  resolution?: boolean | undefined;
}

/**
 * `commentOnTicket`, after the comment is inserted: custom status, CC,
 * attachments, resolution mark, mentions and the response target.
 */
export async function applyCommentProperties(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  commentId: number,
  input: CommentPropertyInput,
  set: TicketUpdate,
  changes: string[],
): Promise<void> {
  assertNotDeleted(row);
  await applyStatus(scope, actor, row, input, set, changes);
  if (input.cc?.length) {
    if (input.kind !== 'reply') throw invalid('CC recipients go on public replies only', 'cc');
    const cc = await resolveCc(scope.trx, input.cc);
    await scope.trx
      .updateTable('comments')
      .set({ cc: JSON.stringify(cc) })
      .where('id', '=', commentId)
      .execute();
  }
  if (input.attachmentIds?.length) await linkAttachments(scope, actor, row.id, commentId, input.attachmentIds);
  if (input.resolution) {
    set.resolution_comment_id = commentId;
    await recordActivity(
      scope,
      actor,
      row.id,
      'resolution',
      row.resolution_comment_id === null ? null : String(row.resolution_comment_id),
      String(commentId),
    );
    changes.push('resolution');
  }
  if (input.kind === 'note') await notifyMentions(scope, actor, row, commentId, input.body);
  if (input.kind === 'reply') await slaAfterPublicReply(scope, row.id);
}

/** After a ticket's row was written: the SLA clock follows status and priority. */
export async function afterTicketWrite(scope: WriteScope, before: TicketRow, after: TicketRow): Promise<void> {
  await slaAfterUpdate(scope, before, after);
}
