/**
 * The ticket parts of `GET /v1/tickets`: spam and deleted tickets hidden
 * unless asked for, filters on breached SLA, sentiment, custom status, product
 * family and custom fields, and the `sla` sort (least time left first).
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../store/schema.js';
import { fieldFilters } from './custom-fields.js';
import { customStatusByName } from './custom-statuses.js';
import { viewNow } from './view-clock.js';
import { invalid } from '../../core/errors.js';
import type { Sentiment } from '../../core/sentiment.js';

type Q<O> = SelectQueryBuilder<Database, 'tickets', O>;

export interface ListFilterQuery {
  spam?: boolean | undefined;
  deleted?: boolean | undefined;
  breached?: boolean | undefined;
  sentiment?: Sentiment[] | undefined;
  customStatus?: string | undefined;
  productFamily?: string | undefined;
  fields?: string | undefined;
}

/** Sorts after every ticket that has something due. */
const NOTHING_DUE = 9_000_000_000_000_000;

/** The `sla` sort key of a ticket: when its nearest unmet target is due, a pause pushing it on. */
function slaKey(now: number): RawBuilder<number> {
  return sql<number>`coalesce((select case when s.paused_at is null then s.next_due_at else s.next_due_at + (${now} - s.paused_at) end from ticket_sla s where s.ticket_id = tickets.id), ${sql.lit(NOTHING_DUE)})`;
}

export async function applyListFilters<O>(db: Kysely<Database>, q: Q<O>, query: ListFilterQuery): Promise<Q<O>> {
  q = q.where('tickets.is_spam', '=', query.spam ? 1 : 0);
  q = query.deleted ? q.where('tickets.deleted_at', 'is not', null) : q.where('tickets.deleted_at', 'is', null);
  if (query.breached) {
    const now = viewNow();
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

/** Orders by time left (breached first, tickets without SLA last), after a cursor position. */
export function orderBySla<O>(q: Q<O>, after: { key: number; id: number } | undefined): Q<O> {
  const key = slaKey(viewNow());
  if (after) {
    q = q.where(({ eb, or, and }) =>
      or([eb(key, '>', after.key), and([eb(key, '=', after.key), eb('tickets.id', '>', after.id)])]),
    );
  }
  return q.orderBy(key, 'asc').orderBy('tickets.id', 'asc');
}

/** The `sla` sort key of one ticket, for the next page's cursor. */
export async function slaSortKey(db: Kysely<Database>, ticketId: number): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select(slaKey(viewNow()).as('k'))
    .where('tickets.id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return Number(row.k);
}
