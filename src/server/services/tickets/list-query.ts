/**
 * The ticket list, `GET /v1/tickets`: the tickets an actor sees (open and
 * pending by default), filtered by status, assignee, priority, type, company,
 * requester, tag, text, SLA breach, sentiment, custom status, product family
 * and custom fields; spam and deleted tickets only when asked for; sorted by
 * priority, last update, creation or SLA time left; paged by an opaque cursor.
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { scopeOf, type Scope } from '../access.js';
import { decodeCursor, encodeCursor, type CursorPosition } from '../cursor.js';
import { fieldFilters } from './fields.js';
import { customStatusByName } from './statuses.js';
import { ticketViews } from './views.js';
import { invalid } from '../../../core/errors.js';
import { listTicketsQuery } from '../../../core/inputs.js';
import type { TicketPage } from '../../../core/schemas.js';
import { ACTIVE_STATUSES, priorityRank } from '../../../core/tickets.js';

type Q<O> = SelectQueryBuilder<Database, 'tickets', O>;

type ListQuery = ReturnType<typeof listTicketsQuery.parse>;

/** Sorts after every ticket that has something due. */
const NOTHING_DUE = 9_000_000_000_000_000;

/** The `sla` sort key of a ticket: when its nearest unmet target is due, a pause pushing it on. */
function slaKey(now: number): RawBuilder<number> {
  return sql<number>`coalesce((select case when s.paused_at is null then s.next_due_at else s.next_due_at + (${now} - s.paused_at) end from ticket_sla s where s.ticket_id = tickets.id), ${sql.lit(NOTHING_DUE)})`;
}

/**
 * Spam and deleted tickets hidden unless asked for; filters on a breached SLA
 * (at `now`), sentiment, custom status, product family and custom fields.
 */
async function applyPropertyFilters<O>(db: Kysely<Database>, q: Q<O>, query: ListQuery, now: number): Promise<Q<O>> {
  q = q.where('tickets.is_spam', '=', query.spam ? 1 : 0);
  q = query.deleted ? q.where('tickets.deleted_at', 'is not', null) : q.where('tickets.deleted_at', 'is', null);
  if (query.breached) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ticket_sla')
          .select('ticket_sla.ticket_id')
          .whereRef('ticket_sla.ticket_id', '=', 'tickets.id')
          .where(({ or, eb, and }) =>
            or([
              eb('ticket_sla.response_breached_at', 'is not', null),
              eb('ticket_sla.resolution_breached_at', 'is not', null),
              and([eb('ticket_sla.clock', '=', 'running'), eb('ticket_sla.next_due_at', '<=', now)]),
            ]),
          ),
      ),
    );
  }
  if (query.sentiment) q = q.where('tickets.sentiment', 'in', query.sentiment);
  if (query.customStatus !== undefined) {
    const status = await customStatusByName(db, query.customStatus);
    if (!status) throw invalid(`unknown status "${query.customStatus}"`, 'customStatus');
    q = q.where('tickets.custom_status_id', '=', status.id);
  }
  if (query.productFamily !== undefined) {
    q = q.where(sql<SqlBool>`lower(tickets.product_family) = ${query.productFamily.toLowerCase()}`);
  }
  if (query.fields !== undefined) {
    for (const f of await fieldFilters(db, query.fields)) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('ticket_field_values')
            .select('ticket_field_values.ticket_id')
            .whereRef('ticket_field_values.ticket_id', '=', 'tickets.id')
            .where('ticket_field_values.field_id', '=', f.fieldId)
            .where(
              f.kind === 'text'
                ? sql<SqlBool>`lower(ticket_field_values.value) = ${f.value.toLowerCase()}`
                : sql<SqlBool>`ticket_field_values.value = ${f.value}`,
            ),
        ),
      );
    }
  }
  return q;
}

/** Orders by time left at `now` (breached first, tickets without SLA last), after a cursor position. */
function orderBySla<O>(q: Q<O>, after: CursorPosition | undefined, now: number): Q<O> {
  const key = slaKey(now);
  if (after) {
    q = q.where(({ eb, or, and }) =>
      or([eb(key, '>', after.key), and([eb(key, '=', after.key), eb('tickets.id', '>', after.id)])]),
    );
  }
  return q.orderBy(key, 'asc').orderBy('tickets.id', 'asc');
}

/** The `sla` sort key of one ticket at `now`, for the next page's cursor. */
async function slaSortKey(db: Kysely<Database>, ticketId: number, now: number): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select(slaKey(now).as('k'))
    .where('tickets.id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return Number(row.k);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * Lists tickets visible to the actor, filtered and sorted, one page at a time; SLA time left (the
 * `sla` sort, `breached`) is reckoned by the store's clock.
 */
export async function listTickets(store: Store, actor: Actor, raw: unknown): Promise<TicketPage> {
  const query = listTicketsQuery.parse(raw);
  const { db } = store;
  const now = store.now();
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
  if (query.activity) q = q.where('tickets.activity_status', 'in', query.activity);
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
  q = await applyPropertyFilters(db, q, query, now);
  const after = query.cursor !== undefined ? decodeCursor(query.cursor, query.sort) : undefined;
  if (query.sort === 'sla') {
    q = orderBySla(q, after, now);
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
              ? await slaSortKey(db, last.id, now)
              : query.sort === 'updated'
                ? last.updated_at
                : query.sort === 'priority'
                  ? last.priority_rank
                  : last.id,
        })
      : null;
  return { items: await ticketViews(db, page, now), nextCursor };
}
