/**
 * Turns ticket rows into the API's ticket objects, loading names, requesters,
 * tags and the property fields (SLA state at the given time, custom status,
 * product family, custom fields, sentiment, spam, deleted, merged) for a whole
 * page in a few queries; and announces a changed ticket on the event stream.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, TicketRow, TicketSlaRow } from '../../store/schema.js';
import type { CustomStatusTable } from '../../store/tables/tickets.js';
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

/** The rows a ticket view is made of besides the ticket's own. */
interface TicketParts {
  readonly assignee: { readonly id: number; readonly name: string } | undefined;
  readonly requester:
    { readonly id: number; readonly name: string; readonly email: string; readonly phone: string | null } | undefined;
  readonly companyName: string;
  readonly tags: readonly string[];
  readonly sla: TicketSlaRow | undefined;
  readonly customStatus: Selectable<CustomStatusTable> | undefined;
  readonly fields: Record<string, string | number>;
}

/** The API object of a ticket from its row and parts, as it is at `now`. */
function assemble(r: TicketRow, parts: TicketParts, now: number): Ticket {
  const { assignee, requester, customStatus: cs } = parts;
  const properties: TicketProperties = {
    sla: slaView(parts.sla, now),
    customStatus: cs ? { id: cs.id, name: cs.name, mapsTo: cs.maps_to as TicketStatus } : null,
    productFamily: r.product_family ?? null,
    fields: parts.fields,
    sentiment: (r.sentiment as Sentiment | null) ?? null,
    spam: r.is_spam === 1,
    deletedAt: r.deleted_at === null || r.deleted_at === undefined ? null : iso(Number(r.deleted_at)),
    mergedInto: r.merged_into_id === null || r.merged_into_id === undefined ? null : Number(r.merged_into_id),
  };
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
    company: { id: r.company_id, name: parts.companyName },
    tags: [...parts.tags],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    ...properties,
  };
}

/** The API objects of a page of tickets, in the order of `rows`, as they are at `now`. */
export async function ticketViews(db: Kysely<Database>, rows: readonly TicketRow[], now: number): Promise<Ticket[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const techIds = unique(rows.map((r) => r.assignee_id));
  const contactIds = unique(rows.map((r) => r.requester_id));
  const companyIds = unique(rows.map((r) => r.company_id));
  const statusIds = unique(rows.map((r) => r.custom_status_id));
  const [techs, contacts, companies, tags, slas, statuses, fields] = await Promise.all([
    techIds.length ? db.selectFrom('technicians').select(['id', 'name']).where('id', 'in', techIds).execute() : [],
    contactIds.length
      ? db.selectFrom('contacts').select(['id', 'name', 'email', 'phone']).where('id', 'in', contactIds).execute()
      : [],
    db.selectFrom('companies').select(['id', 'name']).where('id', 'in', companyIds).execute(),
    db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', ids).orderBy('tag').execute(),
    db.selectFrom('ticket_sla').selectAll().where('ticket_id', 'in', ids).execute(),
    statusIds.length ? db.selectFrom('custom_statuses').selectAll().where('id', 'in', statusIds).execute() : [],
    fieldValuesOf(db, ids),
  ]);
  const techById = new Map(techs.map((t) => [t.id, t]));
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const companyById = new Map(companies.map((c) => [c.id, c]));
  const slaById = new Map(slas.map((s) => [Number(s.ticket_id), s]));
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  const tagsById = new Map<number, string[]>();
  for (const t of tags) {
    const list = tagsById.get(t.ticket_id) ?? [];
    list.push(t.tag);
    tagsById.set(t.ticket_id, list);
  }
  return rows.map((r) =>
    assemble(
      r,
      {
        assignee: r.assignee_id !== null ? techById.get(r.assignee_id) : undefined,
        requester: r.requester_id !== null ? contactById.get(r.requester_id) : undefined,
        companyName: companyById.get(r.company_id)?.name ?? '',
        tags: tagsById.get(r.id) ?? [],
        sla: slaById.get(r.id),
        customStatus: r.custom_status_id !== null ? statusById.get(Number(r.custom_status_id)) : undefined,
        fields: fields.get(r.id) ?? {},
      },
      now,
    ),
  );
}

/**
 * The API object of a ticket its own write has just made, from what that write already holds: no
 * custom status and no custom fields yet, at most one tag (the order of several is the database's
 * collation's, so a caller with more reads them back).
 */
export function newTicketView(
  row: TicketRow,
  parts: Omit<TicketParts, 'customStatus' | 'fields' | 'tags'> & { readonly tag: string | undefined },
  now: number,
): Ticket {
  const tags = parts.tag === undefined ? [] : [parts.tag];
  return assemble(row, { ...parts, tags, customStatus: undefined, fields: {} }, now);
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
