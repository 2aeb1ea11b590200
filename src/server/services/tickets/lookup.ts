/**
 * Finding a ticket for an actor: one in their company scope (reported as not
 * found otherwise), one that is not deleted before it is changed, and a
 * technician who may be assigned it.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { assertCompanyVisible, scopeOf } from '../access.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';

/** The whole row of a ticket the actor may see. */
export async function visibleTicket(db: Kysely<Database>, actor: Actor, id: number): Promise<TicketRow> {
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`ticket ${id}`);
  assertCompanyVisible(await scopeOf(db, actor), row.company_id, `ticket ${id}`);
  return row;
}

/** The id and company of a ticket the actor may see. */
export async function ticketInScope(
  db: Kysely<Database>,
  actor: Actor,
  ticketId: number,
): Promise<{ id: number; company_id: number }> {
  const row = await db.selectFrom('tickets').select(['id', 'company_id']).where('id', '=', ticketId).executeTakeFirst();
  if (!row) throw notFound(`ticket ${ticketId}`);
  assertCompanyVisible(await scopeOf(db, actor), row.company_id, `ticket ${ticketId}`);
  return row;
}

/** A deleted ticket is read-only until it is restored. */
export function assertNotDeleted(row: TicketRow): void {
  if (row.deleted_at !== null && row.deleted_at !== undefined) {
    throw invalid(`ticket ${row.id} is deleted; restore it first (desk tickets restore ${row.id})`);
  }
}

/**
 * A ticket merged into another is closed for good: its conversation goes on on the target, so it
 * takes no comment and is not reopened.
 */
export function assertNotMerged(row: TicketRow): void {
  if (row.merged_into_id !== null && row.merged_into_id !== undefined) {
    throw conflict(
      `ticket ${row.id} was merged into #${row.merged_into_id}; work on that ticket (desk tickets show ${row.merged_into_id})`,
    );
  }
}

/** An assignee must exist and be an admin or granted the ticket's company. */
export async function checkAssignee(
  db: Kysely<Database>,
  technicianId: number,
  companyId: number,
): Promise<{ id: number; name: string }> {
  const tech = await db
    .selectFrom('technicians')
    .select(['id', 'name', 'is_admin'])
    .where('id', '=', technicianId)
    .executeTakeFirst();
  if (!tech) throw invalid(`technician ${technicianId} does not exist`, 'assigneeId');
  const assignee = { id: tech.id, name: tech.name };
  if (tech.is_admin === 1) return assignee;
  const grant = await db
    .selectFrom('grants')
    .select('company_id')
    .where('technician_id', '=', technicianId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (!grant) throw invalid(`technician ${technicianId} has no access to this ticket's company`, 'assigneeId');
  return assignee;
}
