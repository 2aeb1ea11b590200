/**
 * Mail when a ticket's SLA target breaks, from the `sla-breach` template: to its assignee; an
 * unassigned ticket's breach goes to the technicians granted its company (those who work it), or,
 * when nobody is, to the admins. Technicians who turned mail off get none. Queued in the breach's
 * own write (the deadline's), so each breach is mailed once, on whichever node fired it.
 */
import type { Store, WriteScope } from '../../store/store.js';
import type { TicketRow } from '../../store/schema.js';
import type { SlaTarget } from '../../../core/sla.js';
import { iso } from '../../iso-time.js';
import { mailTechnicians } from './technician-mail.js';

async function recipients(scope: WriteScope, ticket: TicketRow): Promise<number[]> {
  if (ticket.assignee_id !== null) return [Number(ticket.assignee_id)];
  const granted = await scope.trx
    .selectFrom('grants')
    .select('technician_id')
    .where('company_id', '=', ticket.company_id)
    .execute();
  if (granted.length) return granted.map((g) => Number(g.technician_id));
  const admins = await scope.trx.selectFrom('technicians').select('id').where('is_admin', '=', 1).execute();
  return admins.map((a) => a.id);
}

/** Mails the breach of `which` (due at `dueAt`) on `ticket`. */
export async function mailSlaBreach(
  scope: WriteScope,
  store: Store,
  ticket: TicketRow,
  which: SlaTarget,
  dueAt: number,
): Promise<void> {
  if (ticket.deleted_at !== null || ticket.is_spam) return;
  await mailTechnicians(scope, store, await recipients(scope, ticket), ticket, 'sla-breach', {
    'sla.target': which,
    'sla.due_at': iso(dueAt),
  });
}
