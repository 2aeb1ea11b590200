/**
 * Tickets (DESIGN §2.1): create, list, show, update and comment. Every change
 * is recorded in the ticket's activity log and announced on the event stream.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, TicketRow, TicketUpdate } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Actor } from './actor.js';
import { assertCompanyVisible, canSeeCompany, scopeOf, type Scope } from './access.js';
import { ticketView, ticketViews } from './ticket-views.js';
import { iso } from './time.js';
import { isUniqueViolation } from '../store/errors.js';
import { invalid, notFound } from '../../core/errors.js';
import { type Activity, type Comment, type Ticket, type TicketPage } from '../../core/schemas.js';
import { commentInput, createTicketInput, listTicketsQuery, updateTicketInput } from '../../core/inputs.js';
import { type TicketDetail } from '../../core/ticket-detail.js';
import {
  ACTIVE_STATUSES,
  activityAfterComment,
  activityAfterView,
  priorityRank,
  truncateComment,
  type ActivityStatus,
  type CommentKind,
} from '../../core/tickets.js';
import { recordActivity } from './activity.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { afterTicketCreated, afterTicketWrite, applyCommentProperties, applyUpdateProperties } from './ticket-hooks.js';
import { applyListFilters, orderBySla, slaSortKey } from './ticket-list-filters.js';
import { ticketTime } from './time-tracking.js';

async function visibleTicket(db: Kysely<Database>, actor: Actor, id: number): Promise<TicketRow> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`ticket ${id}`);
  assertCompanyVisible(await scopeOf(db, actor), row.company_id, `ticket ${id}`);
  return row;
}

async function checkAssignee(db: Kysely<Database>, technicianId: number, companyId: number): Promise<void> {
  const tech = await db
    .selectFrom('technicians')
    .select(['id', 'is_admin'])
    .where('id', '=', technicianId)
    .executeTakeFirst();
  if (!tech) throw invalid(`technician ${technicianId} does not exist`, 'assigneeId');
  if (tech.is_admin === 1) return;
  const grant = await db
    .selectFrom('grants')
    .select('company_id')
    .where('technician_id', '=', technicianId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (!grant) throw invalid(`technician ${technicianId} has no access to this ticket's company`, 'assigneeId');
}

async function findByClientId(db: Kysely<Database>, actor: Actor, clientId: string): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('created_by_id', '=', actor.id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function createTicket(store: Store, actor: Actor, raw: unknown): Promise<Ticket> {
  const input = createTicketInput.parse(raw);
  if (input.clientId) {
    const existing = await findByClientId(store.db, actor, input.clientId);
    if (existing) return ticketView(store.db, existing);
  }
  try {
    return await store.write(async (scope) => {
      const { trx, now, emit } = scope;
      const company = await trx
        .selectFrom('companies')
        .select('id')
        .where('id', '=', input.companyId)
        .executeTakeFirst();
      if (!company || !canSeeCompany(await scopeOf(trx, actor), company.id)) {
        throw invalid(`company ${input.companyId} does not exist`, 'companyId');
      }
      if (input.requesterId !== undefined) {
        const contact = await trx
          .selectFrom('contacts')
          .select('company_id')
          .where('id', '=', input.requesterId)
          .executeTakeFirst();
        if (!contact || contact.company_id !== company.id) {
          throw invalid(`contact ${input.requesterId} is not a contact of company ${company.id}`, 'requesterId');
        }
      }
      if (input.assigneeId !== undefined) await checkAssignee(trx, input.assigneeId, company.id);
      const row = await trx
        .insertInto('tickets')
        .values({
          company_id: company.id,
          title: input.title,
          status: 'open',
          type: input.type,
          priority: input.priority,
          priority_rank: priorityRank(input.priority),
          impact: input.impact,
          activity_status: 'unread',
          assignee_id: input.assigneeId ?? null,
          requester_id: input.requesterId ?? null,
          created_by_id: actor.id,
          client_id: input.clientId ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const tags = [...new Set(input.tags)];
      if (tags.length)
        await trx
          .insertInto('ticket_tags')
          .values(tags.map((tag) => ({ ticket_id: row.id, tag })))
          .execute();
      await recordActivity(scope, actor, row.id, 'created', null, input.title);
      if (input.message !== undefined) {
        const { body, truncated } = truncateComment(input.message);
        await trx
          .insertInto('comments')
          .values({
            ticket_id: row.id,
            kind: 'note',
            author_kind: 'technician',
            author_technician_id: actor.id,
            author_contact_id: null,
            body,
            truncated: truncated ? 1 : 0,
            client_id: null,
            created_at: now,
          })
          .execute();
      }
      const ticket = await ticketView(trx, await afterTicketCreated(scope, actor, row, input));
      emit({ type: 'ticket.created', companyId: company.id, data: { ticket } });
      return ticket;
    });
  } catch (err) {
    if (input.clientId && isUniqueViolation(err)) {
      const existing = await findByClientId(store.db, actor, input.clientId);
      if (existing) return ticketView(store.db, existing);
    }
    throw err;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** Lists tickets visible to the actor, filtered and sorted, one page at a time. */
export async function listTickets(db: Kysely<Database>, actor: Actor, raw: unknown): Promise<TicketPage> {
  const query = listTicketsQuery.parse(raw);
  const scope: Scope = await scopeOf(db, actor);
  let q = db.selectFrom('tickets').selectAll('tickets');
  if (!scope.all) q = q.where('tickets.company_id', 'in', [0, ...scope.companyIds]);
  const statuses = query.status === undefined ? ACTIVE_STATUSES : query.status === 'all' ? undefined : query.status;
  if (statuses) q = q.where('tickets.status', 'in', [...statuses]);
  if (query.assignee === 'me') q = q.where('tickets.assignee_id', '=', actor.id);
  else if (query.assignee === 'none') q = q.where('tickets.assignee_id', 'is', null);
  else if (query.assignee !== undefined) q = q.where('tickets.assignee_id', '=', query.assignee);
  if (query.priority) q = q.where('tickets.priority_rank', 'in', query.priority.map(priorityRank));
  if (query.type) q = q.where('tickets.type', 'in', query.type);
  if (query.company !== undefined) q = q.where('tickets.company_id', '=', query.company);
  if (query.requester !== undefined) q = q.where('tickets.requester_id', '=', query.requester);
  if (query.tag !== undefined) {
    const tag = query.tag;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ticket_tags')
          .select('ticket_tags.ticket_id')
          .whereRef('ticket_tags.ticket_id', '=', 'tickets.id')
          .where('ticket_tags.tag', '=', tag),
      ),
    );
  }
  if (query.search !== undefined) {
    const pattern = `%${escapeLike(query.search.toLowerCase())}%`;
    q = q.where(({ or, exists, selectFrom }) =>
      or([
        sql<boolean>`lower(tickets.title) like ${pattern} escape '\\'`,
        exists(
          selectFrom('comments')
            .select('comments.id')
            .whereRef('comments.ticket_id', '=', 'tickets.id')
            .where(sql<boolean>`lower(comments.body) like ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  q = await applyListFilters(db, q, query);
  const after = query.cursor !== undefined ? decodeCursor(query.cursor, query.sort) : undefined;
  if (query.sort === 'sla') {
    q = orderBySla(q, after);
  } else if (query.sort === 'created') {
    if (after) q = q.where('tickets.id', '<', after.id);
    q = q.orderBy('tickets.id', 'desc');
  } else {
    const column = query.sort === 'updated' ? 'tickets.updated_at' : 'tickets.priority_rank';
    if (after) {
      // A row-value comparison lets both databases seek the (key, id) index.
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple(column, 'tickets.id'), '<', tuple(after.key, after.id)));
    }
    q = q.orderBy(column, 'desc').orderBy('tickets.id', 'desc');
  }
  const rows = await q.limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor(query.sort, {
          id: last.id,
          key:
            query.sort === 'sla'
              ? await slaSortKey(db, last.id)
              : query.sort === 'updated'
                ? last.updated_at
                : query.sort === 'priority'
                  ? last.priority_rank
                  : last.id,
        })
      : null;
  return { items: await ticketViews(db, page), nextCursor };
}

async function detail(db: Kysely<Database>, row: TicketRow): Promise<TicketDetail> {
  const [ticket, comments, activity, time] = await Promise.all([
    ticketView(db, row),
    db
      .selectFrom('comments')
      .leftJoin('technicians', 'technicians.id', 'comments.author_technician_id')
      .leftJoin('contacts', 'contacts.id', 'comments.author_contact_id')
      .select([
        'comments.id',
        'comments.kind',
        'comments.author_kind',
        'comments.author_technician_id',
        'comments.author_contact_id',
        'comments.body',
        'comments.truncated',
        'comments.created_at',
        'technicians.name as technician_name',
        'contacts.name as contact_name',
      ])
      .where('comments.ticket_id', '=', row.id)
      .orderBy('comments.id')
      .execute(),
    db
      .selectFrom('ticket_activity')
      .leftJoin('technicians', 'technicians.id', 'ticket_activity.actor_technician_id')
      .select([
        'ticket_activity.id',
        'ticket_activity.actor_kind',
        'ticket_activity.actor_technician_id',
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
    comments: comments.map((c): Comment => ({
      id: c.id,
      kind: c.kind as CommentKind,
      author:
        c.author_kind === 'contact'
          ? { kind: 'contact', id: c.author_contact_id, name: c.contact_name ?? '' }
          : { kind: 'technician', id: c.author_technician_id, name: c.technician_name ?? '' },
      body: c.body,
      truncated: c.truncated === 1,
      createdAt: iso(c.created_at),
    })),
    activity: activity.map((a): Activity => ({
      id: a.id,
      actor:
        a.actor_kind === 'system'
          ? { kind: 'system', id: null, name: 'Deskline' }
          : { kind: 'technician', id: a.actor_technician_id, name: a.technician_name ?? '' },
      field: a.field,
      oldValue: a.old_value,
      newValue: a.new_value,
      at: iso(a.created_at),
    })),
  };
}

/** Shows a ticket; the first technician to open an unread ticket marks it read. */
export async function showTicket(store: Store, actor: Actor, id: number): Promise<TicketDetail> {
  const row = await visibleTicket(store.db, actor, id);
  const next = activityAfterView(row.activity_status as ActivityStatus);
  if (next === row.activity_status || row.created_by_id === actor.id) return detail(store.db, row);
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
    const ticket = await ticketView(scope.trx, fresh);
    scope.emit({ type: 'ticket.updated', companyId: fresh.company_id, data: { ticket, changes: ['activityStatus'] } });
    return fresh;
  });
  return detail(store.db, updated);
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

export async function updateTicket(store: Store, actor: Actor, id: number, raw: unknown): Promise<Ticket> {
  const input = updateTicketInput.parse(raw);
  return store.write(async (scope) => {
    const { trx, now, emit } = scope;
    const row = await visibleTicket(trx, actor, id);
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
    if (changes.length === 0) return ticketView(trx, row);
    const fresh = await trx
      .updateTable('tickets')
      .set({ ...set, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await afterTicketWrite(scope, row, fresh);
    const ticket = await ticketView(trx, fresh);
    emit({ type: 'ticket.updated', companyId: fresh.company_id, data: { ticket, changes } });
    return ticket;
  });
}

async function findComment(db: Kysely<Database>, actor: Actor, clientId: string) {
  return db
    .selectFrom('comments')
    .select(['id', 'ticket_id'])
    .where('author_technician_id', '=', actor.id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** Adds a public reply or internal note, optionally setting the status in the same action. */
export async function commentOnTicket(store: Store, actor: Actor, id: number, raw: unknown): Promise<TicketDetail> {
  const input = commentInput.parse(raw);
  await visibleTicket(store.db, actor, id);
  if (input.clientId) {
    const existing = await findComment(store.db, actor, input.clientId);
    if (existing) return detail(store.db, await visibleTicket(store.db, actor, existing.ticket_id));
  }
  try {
    const row = await store.write(async (scope) => {
      const { trx, now, emit } = scope;
      const current = await visibleTicket(trx, actor, id);
      const { body, truncated } = truncateComment(input.body);
      const comment = await trx
        .insertInto('comments')
        .values({
          ticket_id: id,
          kind: input.kind,
          author_kind: 'technician',
          author_technician_id: actor.id,
          author_contact_id: null,
          body,
          truncated: truncated ? 1 : 0,
          client_id: input.clientId ?? null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordActivity(scope, actor, id, input.kind, null, String(comment.id));
      const set: TicketUpdate = { updated_at: now };
      const changes: string[] = [input.kind];
      const activity = activityAfterComment(current.activity_status as ActivityStatus, {
        kind: input.kind,
        authorKind: 'technician',
      });
      if (activity !== current.activity_status) {
        set.activity_status = activity;
        await recordActivity(scope, actor, id, 'activityStatus', current.activity_status, activity);
        changes.push('activityStatus');
      }
      if (input.status !== undefined && input.status !== current.status) {
        set.status = input.status;
        await recordActivity(scope, actor, id, 'status', current.status, input.status);
        changes.push('status');
      }
      await applyCommentProperties(scope, actor, current, comment.id, input, set, changes);
      const fresh = await trx
        .updateTable('tickets')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await afterTicketWrite(scope, current, fresh);
      const ticket = await ticketView(trx, fresh);
      emit({
        type: 'ticket.commented',
        companyId: fresh.company_id,
        data: {
          ticket,
          changes,
          comment: {
            id: comment.id,
            kind: input.kind,
            author: { kind: 'technician', id: actor.id, name: actor.name },
            body,
            truncated,
            createdAt: iso(now),
          },
        },
      });
      return fresh;
    });
    return detail(store.db, row);
  } catch (err) {
    if (input.clientId && isUniqueViolation(err)) {
      const existing = await findComment(store.db, actor, input.clientId);
      if (existing) return detail(store.db, await visibleTicket(store.db, actor, existing.ticket_id));
    }
    throw err;
  }
}
