/**
 * Turns ticket rows into the API's ticket objects, loading names, requesters
 * and tags for a whole page in a few queries.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../store/schema.js';
import type { Ticket } from '../../core/schemas.js';
import type { ActivityStatus, Impact, Priority, TicketStatus, TicketType } from '../../core/tickets.js';
import { iso } from './time.js';
import { propertyViews } from './ticket-property-views.js';

const unique = (xs: Array<number | null>): number[] => [...new Set(xs.filter((x): x is number => x !== null))];

export async function ticketViews(db: Kysely<Database>, rows: readonly TicketRow[]): Promise<Ticket[]> {
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
    propertyViews(db, rows),
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

export async function ticketView(db: Kysely<Database>, row: TicketRow): Promise<Ticket> {
  const [view] = await ticketViews(db, [row]);
  if (!view) throw new Error('ticket view missing');
  return view;
}
