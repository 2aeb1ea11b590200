/**
 * Turns ticket rows into the API's ticket objects, loading names, requesters,
 * tags and the property fields (SLA state at the given time, custom status,
 * product family, custom fields, sentiment, spam, deleted, merged) for a whole
 * page in a few queries; and announces a changed ticket on the event stream.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import type { Ticket } from '../../../core/schemas.js';
import type { Sentiment } from '../../../core/sentiment.js';
import type { CustomStatus, SlaView } from '../../../core/ticket-properties.js';
import type { ActivityStatus, Impact, Priority, TicketStatus, TicketType } from '../../../core/tickets.js';
import { iso } from '../../iso-time.js';
import { fieldValuesOf } from './fields.js';
import { slaView } from './sla-view.js';
import { tellRequester } from './requester-events.js';

interface TicketProperties {
  sla: SlaView | null;
  customStatus: CustomStatus | null;
  productFamily: string | null;
  fields: Record<string, string | number>;
  sentiment: Sentiment | null;
  spam: boolean;
  deletedAt: string | null;
  mergedInto: number | null;
}

const unique = (xs: Array<number | null>): number[] => [...new Set(xs.filter((x): x is number => x !== null))];

/** The property fields of a page of tickets, by ticket id; SLA time left is reckoned at `now`. */
async function propertyViews(
  db: Kysely<Database>,
  rows: readonly TicketRow[],
  now: number,
): Promise<Map<number, TicketProperties>> {
  const out = new Map<number, TicketProperties>();
  const ids = rows.map((r) => r.id);
  const statusIds = unique(rows.map((r) => r.custom_status_id));
  const [slas, statuses, fields] = await Promise.all([
    db.selectFrom('ticket_sla').selectAll().where('ticket_id', 'in', ids).execute(),
    statusIds.length ? db.selectFrom('custom_statuses').selectAll().where('id', 'in', statusIds).execute() : [],
    fieldValuesOf(db, ids),
  ]);
  const slaById = new Map(slas.map((s) => [Number(s.ticket_id), s]));
  const statusById = new Map(statuses.map((s) => [s.id, s]));
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

/** The API objects of a page of tickets, in the order of `rows`, as they are at `now`. */
export async function ticketViews(db: Kysely<Database>, rows: readonly TicketRow[], now: number): Promise<Ticket[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const techIds = unique(rows.map((r) => r.assignee_id));
  const contactIds = unique(rows.map((r) => r.requester_id));
  const companyIds = unique(rows.map((r) => r.company_id));
  const [techs, contacts, companies, tags, properties] = await Promise.all([
    techIds.length ? db.selectFrom('technicians').select(['id', 'name']).where('id', 'in', techIds).execute() : [],
    contactIds.length
      ? db.selectFrom('contacts').select(['id', 'name', 'email', 'phone']).where('id', 'in', contactIds).execute()
      : [],
    db.selectFrom('companies').select(['id', 'name']).where('id', 'in', companyIds).execute(),
    db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', ids).orderBy('tag').execute(),
    propertyViews(db, rows, now),
  ]);
  const techById = new Map(techs.map((t) => [t.id, t]));
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const companyById = new Map(companies.map((c) => [c.id, c]));
  const tagsById = new Map<number, string[]>();
  for (const t of tags) {
    const list = tagsById.get(t.ticket_id) ?? [];
    list.push(t.tag);
    tagsById.set(t.ticket_id, list);
  }
  return rows.map((r) => {
    const assignee = r.assignee_id !== null ? techById.get(r.assignee_id) : undefined;
    const requester = r.requester_id !== null ? contactById.get(r.requester_id) : undefined;
    const company = companyById.get(r.company_id);
    return {
      id: r.id,
      title: r.title,
      status: r.status as TicketStatus,
      type: r.type as TicketType,
      priority: r.priority as Priority,
      impact: r.impact as Impact,
      activityStatus: r.activity_status as ActivityStatus,
      assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
      requester: requester
        ? { id: requester.id, name: requester.name, email: requester.email, phone: requester.phone }
        : null,
      company: { id: r.company_id, name: company?.name ?? '' },
      tags: tagsById.get(r.id) ?? [],
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      ...properties.get(r.id),
    };
  });
}

/** The API object of one ticket as it is at `now`. */
export async function ticketView(db: Kysely<Database>, row: TicketRow, now: number): Promise<Ticket> {
  const [view] = await ticketViews(db, [row], now);
  if (!view) throw new Error('ticket view missing');
  return view;
}

/**
 * Emits `ticket.updated` for a changed ticket inside its write (and tells its requester of a status
 * change); answers the ticket's view.
 */
export async function announceUpdated(scope: WriteScope, row: TicketRow, changes: string[]): Promise<Ticket> {
  const ticket = await ticketView(scope.trx, row, scope.now);
  scope.emit({ type: 'ticket.updated', companyId: row.company_id, data: { ticket, changes } });
  await tellRequester(scope, row, changes);
  return ticket;
}
