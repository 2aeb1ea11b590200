/**
 * What a ticket's requester hears on the customer event stream, in the write that made the change:
 * a public reply (by a technician or a contact) and a status change, in their customer view. An
 * internal note is never told. Events are addressed to the requester; colleagues see them too when
 * the `portal.company-tickets` setting is on (the stream decides by the ticket's company).
 */
import type { TicketRow } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { customerTicketViews, publicComments } from './customer-view.js';
import { CUSTOMER_TICKET_COMMENTED, CUSTOMER_TICKET_STATUS_CHANGED } from '../../../core/events.js';

/**
 * Tells the requester of `row` (as it is after the change) of a public comment `commentId` (a
 * note is ignored) and of a status change when `changes` has `status`.
 */
export async function tellRequester(
  scope: WriteScope,
  row: TicketRow,
  changes: readonly string[],
  commentId?: number,
): Promise<void> {
  if (row.requester_id === null || row.deleted_at !== null) return;
  const statusChanged = changes.includes('status');
  if (commentId === undefined && !statusChanged) return;
  const [ticket] = await customerTicketViews(scope.trx, [row]);
  if (!ticket) return;
  const address = { companyId: row.company_id, contactId: Number(row.requester_id) };
  if (commentId !== undefined) {
    const [comment] = await publicComments(scope.trx, row.id, [commentId]);
    if (comment) scope.emit({ type: CUSTOMER_TICKET_COMMENTED, ...address, data: { ticket, comment } });
  }
  if (statusChanged) scope.emit({ type: CUSTOMER_TICKET_STATUS_CHANGED, ...address, data: { ticket } });
}
