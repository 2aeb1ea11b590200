/**
 * Tickets as a customer sees them (core/customer-tickets.ts): their own — those they are the
 * requester of — and, when the `portal.company-tickets` setting is on, their company colleagues'.
 * Only public replies and the files on them; internal notes never leave here. Any other ticket, a
 * deleted one, or a file not on a public reply is "not found".
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import type { CustomerActor } from '../chat/customers.js';
import { settingValue } from '../settings.js';
import { iso } from '../../iso-time.js';
import { notFound } from '../../../core/errors.js';
import type { CustomerComment, CustomerTicket, CustomerTicketDetail } from '../../../core/customer-tickets.js';
import type { TicketStatus } from '../../../core/tickets.js';

type Db = Kysely<Database>;

/** The most tickets a list answers (the most recently changed). */
const LIST_MAX = 500;

/** Who a customer's ticket view reaches: the contact, and their company when colleagues' tickets are shown. */
export interface CustomerReach {
  readonly contactId: number;
  readonly companyId: number | null;
}

export async function customerReach(db: Db, customer: CustomerActor): Promise<CustomerReach> {
  const company = (await settingValue(db, 'portal.company-tickets')) === 'on';
  return { contactId: customer.contactId, companyId: company ? customer.companyId : null };
}

/** Whether a ticket is in a customer's reach (a ticket with no requester is nobody's). */
export function reaches(reach: CustomerReach, row: Pick<TicketRow, 'requester_id' | 'company_id'>): boolean {
  if (row.requester_id === null) return false;
  return Number(row.requester_id) === reach.contactId || Number(row.company_id) === reach.companyId;
}

/** The customer views of tickets, in the order of `rows`. */
export async function customerTicketViews(db: Db, rows: readonly TicketRow[]): Promise<CustomerTicket[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const requesterIds = [...new Set(rows.map((r) => Number(r.requester_id)))];
  const statusIds = [...new Set(rows.flatMap((r) => (r.custom_status_id === null ? [] : [r.custom_status_id])))];
  const [contacts, statuses, ratings] = await Promise.all([
    db.selectFrom('contacts').select(['id', 'name']).where('id', 'in', requesterIds).execute(),
    statusIds.length
      ? db.selectFrom('custom_statuses').select(['id', 'name']).where('id', 'in', statusIds).execute()
      : [],
    db.selectFrom('satisfaction_ratings').select(['ticket_id', 'rating']).where('ticket_id', 'in', ids).execute(),
  ]);
  const nameOf = new Map(contacts.map((c) => [Number(c.id), c.name]));
  const statusOf = new Map(statuses.map((s) => [Number(s.id), s.name]));
  const ratingOf = new Map(ratings.map((r) => [Number(r.ticket_id), Number(r.rating)]));
  return rows.map((r) => ({
    id: r.id,
    number: r.id,
    title: r.title,
    status: r.status as TicketStatus,
    statusName: r.custom_status_id === null ? null : (statusOf.get(Number(r.custom_status_id)) ?? null),
    requester: { id: Number(r.requester_id), name: nameOf.get(Number(r.requester_id)) ?? '' },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    mergedInto: r.merged_into_id === null ? null : Number(r.merged_into_id),
    rating: ratingOf.get(r.id) ?? null,
  }));
}

export async function listCustomerTickets(db: Db, customer: CustomerActor): Promise<{ items: CustomerTicket[] }> {
  const reach = await customerReach(db, customer);
  const rows = await db
    .selectFrom('tickets')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('requester_id', 'is not', null)
    .where((eb) =>
      reach.companyId === null
        ? eb('requester_id', '=', reach.contactId)
        : eb.or([eb('requester_id', '=', reach.contactId), eb('company_id', '=', reach.companyId)]),
    )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIST_MAX)
    .execute();
  return { items: await customerTicketViews(db, rows) };
}

/** A ticket in the customer's reach, else not found (whether it exists or not). */
async function reachableTicket(db: Db, customer: CustomerActor, id: number): Promise<TicketRow> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.deleted_at !== null || !reaches(await customerReach(db, customer), row)) {
    throw notFound(`ticket ${id}`);
  }
  return row;
}

/** Public replies of a ticket (all, or the ones named), oldest first, with their authors' names and files. */
export async function publicComments(db: Db, ticketId: number, only?: readonly number[]): Promise<CustomerComment[]> {
  if (only?.length === 0) return [];
  let query = db
    .selectFrom('comments')
    .leftJoin('technicians', 'technicians.id', 'comments.author_technician_id')
    .leftJoin('contacts', 'contacts.id', 'comments.author_contact_id')
    .select([
      'comments.id',
      'comments.author_kind',
      'comments.body',
      'comments.truncated',
      'comments.created_at',
      'technicians.name as technician_name',
      'contacts.name as contact_name',
    ])
    .where('comments.ticket_id', '=', ticketId)
    .where('comments.kind', '=', 'reply');
  if (only) query = query.where('comments.id', 'in', [...only]);
  const rows = await query.orderBy('comments.created_at').orderBy('comments.id').execute();
  const ids = rows.map((r) => r.id);
  const files = ids.length
    ? await db
        .selectFrom('attachments')
        .select(['id', 'comment_id', 'file_name', 'size', 'mime'])
        .where('comment_id', 'in', ids)
        .orderBy('id')
        .execute()
    : [];
  return rows.map((c) => ({
    id: c.id,
    author:
      c.author_kind === 'contact'
        ? { kind: 'contact', name: c.contact_name ?? '' }
        : { kind: 'technician', name: c.technician_name ?? '' },
    body: c.body,
    truncated: c.truncated === 1,
    createdAt: iso(c.created_at),
    attachments: files
      .filter((f) => Number(f.comment_id) === c.id)
      .map((f) => ({ id: f.id, name: f.file_name, size: Number(f.size), mime: f.mime })),
  }));
}

export async function showCustomerTicket(db: Db, customer: CustomerActor, id: number): Promise<CustomerTicketDetail> {
  const row = await reachableTicket(db, customer, id);
  const [[ticket], comments] = await Promise.all([customerTicketViews(db, [row]), publicComments(db, row.id)]);
  if (!ticket) throw notFound(`ticket ${id}`);
  return { ...ticket, comments };
}

/** A file on a public reply of a ticket in the customer's reach, with its bytes. */
export async function customerTicketFile(db: Db, customer: CustomerActor, ticketId: number, fileId: number) {
  await reachableTicket(db, customer, ticketId);
  const row = await db
    .selectFrom('attachments')
    .innerJoin('comments', 'comments.id', 'attachments.comment_id')
    .select(['attachments.file_name', 'attachments.mime', 'attachments.data'])
    .where('attachments.id', '=', fileId)
    .where('comments.ticket_id', '=', ticketId)
    .where('comments.kind', '=', 'reply')
    .executeTakeFirst();
  if (!row) throw notFound(`file ${fileId} of ticket ${ticketId}`);
  return { name: row.file_name, mime: row.mime, data: Buffer.from(row.data) };
}
