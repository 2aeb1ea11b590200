/**
 * Updating a ticket (DESIGN §2.1): title, status (built-in or custom), type,
 * priority, impact, activity status, assignee, tags, product family and custom
 * fields in one change; each field changed is in the activity log and the SLA
 * clock follows status and priority.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow, TicketUpdate } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordActivity } from './activity.js';
import { writeFieldValues } from './fields.js';
import { assertNotDeleted, assertNotMerged, checkAssignee, visibleTicket } from './lookup.js';
import { slaAfterUpdate } from './sla-clock.js';
import { timersAfterClose } from '../time/timers-on-close.js';
import { mailAfterResolve } from '../mail/ticket-notices.js';
import { mailAssignment } from '../mail/technician-mail.js';
import { applyStatus, type StatusInput } from './statuses.js';
import { announceUpdated, ticketView } from './views.js';
import type { Ticket } from '../../../core/schemas.js';
import { updateTicketInput } from '../../../core/inputs.js';
import { priorityRank } from '../../../core/tickets.js';
import { invalid } from '../../../core/errors.js';

/** Custom status, product family and fields into the same change. */
async function applyUpdateProperties(
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

const FIELD_NAMES = {
  title: 'title',
  status: 'status',
  type: 'type',
  priority: 'priority',
  impact: 'impact',
  activity_status: 'activityStatus',
} as const;

async function techName(db: Kysely<Database>, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const row = await db.selectFrom('technicians').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? String(id);
}

async function contactName(db: Kysely<Database>, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const row = await db.selectFrom('contacts').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? String(id);
}

/** A new requester must be a contact of the ticket's company; answers their name for the log. */
async function requesterOf(db: Kysely<Database>, contactId: number, companyId: number): Promise<string> {
  const row = await db
    .selectFrom('contacts')
    .select(['name', 'company_id'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!row || Number(row.company_id) !== companyId) {
    throw invalid(`contact ${contactId} is not a contact of this ticket's company`, 'requesterId');
  }
  return row.name;
}

/** Changes a ticket's fields, assignee and tags; each change is logged, the SLA clock follows. */
export async function updateTicket(store: Store, actor: Actor, id: number, raw: unknown): Promise<Ticket> {
  const input = updateTicketInput.parse(raw);
  return store.write(async (scope) => {
    const { trx, now } = scope;
    const row = await visibleTicket(trx, actor, id);
    if ((input.status !== undefined && input.status !== row.status) || input.customStatus !== undefined) {
      assertNotMerged(row);
    }
    const set: TicketUpdate = {};
    const changes: string[] = [];
    const wanted = {
      title: input.title,
      status: input.status,
      type: input.type,
      priority: input.priority,
      impact: input.impact,
      activity_status: input.activityStatus,
    };
    for (const key of Object.keys(FIELD_NAMES) as Array<keyof typeof FIELD_NAMES>) {
      const value = wanted[key];
      if (value === undefined || value === row[key]) continue;
      set[key] = value;
      await recordActivity(scope, actor, id, FIELD_NAMES[key], row[key], value);
      changes.push(FIELD_NAMES[key]);
    }
    if (input.priority !== undefined) set.priority_rank = priorityRank(input.priority);
    if (input.assigneeId !== undefined && input.assigneeId !== row.assignee_id) {
      if (input.assigneeId !== null) await checkAssignee(trx, input.assigneeId, row.company_id);
      set.assignee_id = input.assigneeId;
      await recordActivity(
        scope,
        actor,
        id,
        'assignee',
        await techName(trx, row.assignee_id),
        await techName(trx, input.assigneeId),
      );
      changes.push('assignee');
    }
    if (input.requesterId !== undefined && input.requesterId !== row.requester_id) {
      const [before, after] = await Promise.all([
        contactName(trx, row.requester_id),
        input.requesterId === null ? null : requesterOf(trx, input.requesterId, row.company_id),
      ]);
      set.requester_id = input.requesterId;
      await recordActivity(scope, actor, id, 'requester', before, after);
      changes.push('requester');
    }
    const currentTags = new Set(
      (await trx.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', id).execute()).map((t) => t.tag),
    );
    const added = [...new Set(input.addTags ?? [])].filter((t) => !currentTags.has(t));
    const removed = [...new Set(input.removeTags ?? [])].filter((t) => currentTags.has(t));
    if (added.length) {
      await trx
        .insertInto('ticket_tags')
        .values(added.map((tag) => ({ ticket_id: id, tag })))
        .execute();
      await recordActivity(scope, actor, id, 'tags', null, added.join(','));
    }
    if (removed.length) {
      await trx.deleteFrom('ticket_tags').where('ticket_id', '=', id).where('tag', 'in', removed).execute();
      await recordActivity(scope, actor, id, 'tags', removed.join(','), null);
    }
    if (added.length || removed.length) changes.push('tags');
    await applyUpdateProperties(scope, actor, row, input, set, changes);
    if (changes.length === 0) return ticketView(trx, row, now);
    const fresh = await trx
      .updateTable('tickets')
      .set({ ...set, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await slaAfterUpdate(scope, row, fresh);
    await timersAfterClose(scope, actor, row, fresh);
    await mailAfterResolve(scope, store, row, fresh);
    await mailAssignment(scope, store, actor, row, fresh);
    return announceUpdated(scope, fresh, changes);
  });
}
