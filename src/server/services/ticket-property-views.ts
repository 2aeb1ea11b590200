/**
 * The ticket fields of ticket objects (SLA state, custom status, product
 * family, custom fields, sentiment, spam, deleted, merged), loaded for a whole
 * page in a few queries.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../store/schema.js';
import { slaView } from './sla-clock.js';
import { fieldValuesOf } from './custom-fields.js';
import { viewNow } from './view-clock.js';
import { iso } from './time.js';
import type { CustomStatus, SlaView } from '../../core/ticket-properties.js';
import type { Sentiment } from '../../core/sentiment.js';
import type { TicketStatus } from '../../core/tickets.js';

export interface TicketProperties {
  sla: SlaView | null;
  customStatus: CustomStatus | null;
  productFamily: string | null;
  fields: Record<string, string | number>;
  sentiment: Sentiment | null;
  spam: boolean;
  deletedAt: string | null;
  mergedInto: number | null;
}

export async function propertyViews(
  db: Kysely<Database>,
  rows: readonly TicketRow[],
): Promise<Map<number, TicketProperties>> {
  const out = new Map<number, TicketProperties>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const statusIds = [...new Set(rows.map((r) => r.custom_status_id).filter((x): x is number => x !== null))];
  const [slas, statuses, fields] = await Promise.all([
    db.selectFrom('ticket_sla').selectAll().where('ticket_id', 'in', ids).execute(),
    statusIds.length ? db.selectFrom('custom_statuses').selectAll().where('id', 'in', statusIds).execute() : [],
    fieldValuesOf(db, ids),
  ]);
  const slaById = new Map(slas.map((s) => [Number(s.ticket_id), s]));
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  const now = viewNow();
  for (const r of rows) {
    const cs = r.custom_status_id !== null ? statusById.get(Number(r.custom_status_id)) : undefined;
    out.set(r.id, {
      sla: slaView(slaById.get(r.id), now),
      customStatus: cs ? { id: cs.id, name: cs.name, mapsTo: cs.maps_to as TicketStatus } : null,
      productFamily: r.product_family ?? null,
      fields: fields.get(r.id) ?? {},
      sentiment: (r.sentiment as Sentiment | null) ?? null,
      spam: r.is_spam === 1,
      deletedAt: r.deleted_at === null || r.deleted_at === undefined ? null : iso(Number(r.deleted_at)),
      mergedInto: r.merged_into_id === null || r.merged_into_id === undefined ? null : Number(r.merged_into_id),
    });
  }
  return out;
}
