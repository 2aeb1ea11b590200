/**
 * A ticket a customer opens themselves (the portal, the customer API, an e-mail): the contact is the
 * requester and the author of its first public message, the first admin stands as the technician
 * who filed it, and the SLA clock starts. The caller's transaction holds it, so what the caller
 * writes next (a mail receipt, an imported message's record) commits with it.
 */
import type { TicketRow } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import { recordActivity } from './activity.js';
import { startTicketSla } from './sla-clock.js';
import { newTicketView } from './views.js';
import { priorityRank, truncateComment, type TicketType } from '../../../core/tickets.js';
import { sentimentOf } from '../../../core/sentiment.js';

export interface RequesterTicketInput {
  readonly contact: { readonly id: number; readonly companyId: number };
  readonly title: string;
  readonly message: string;
  readonly type: TicketType;
  readonly clientId: string | null;
  readonly spam?: boolean;
  /** What the activity log says of the creation: the title, with where it came from. */
  readonly createdNote: string;
}

/** The technician customer tickets are filed under: the first admin. */
export const firstAdmin = (scope: WriteScope) =>
  scope.trx
    .selectFrom('technicians')
    .select('id')
    .where('is_admin', '=', 1)
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();

export async function openRequesterTicket(
  scope: WriteScope,
  input: RequesterTicketInput,
): Promise<{ row: TicketRow; commentId: number; creatorId: number }> {
  const { trx, now } = scope;
  const { contact } = input;
  const admin = await firstAdmin(scope);
  const cut = truncateComment(input.message);
  // The first message is the requester's only one: the ticket's sentiment is that message's.
  const sentiment = sentimentOf([cut.body]);
  const row = await trx
    .insertInto('tickets')
    .values({
      company_id: contact.companyId,
      title: input.title,
      status: 'open',
      type: input.type,
      priority: 'medium',
      priority_rank: priorityRank('medium'),
      impact: 'none',
      activity_status: 'unread',
      assignee_id: null,
      requester_id: contact.id,
      created_by_id: admin.id,
      created_by_contact_id: contact.id,
      client_id: input.clientId,
      is_spam: input.spam ? 1 : 0,
      sentiment,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordActivity(scope, { kind: 'contact', contactId: contact.id }, row.id, 'created', null, input.createdNote);
  if (input.spam) await recordActivity(scope, null, row.id, 'spam', null, 'yes (marked as spam by the mail headers)');
  const comment = await trx
    .insertInto('comments')
    .values({
      ticket_id: row.id,
      kind: 'reply',
      author_kind: 'contact',
      author_technician_id: null,
      author_contact_id: contact.id,
      body: cut.body,
      truncated: cut.truncated ? 1 : 0,
      client_id: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sla = await startTicketSla(scope, row);
  // The announced ticket is made from what this write holds; only the names are read.
  const names = await trx
    .selectFrom(['contacts', 'companies'])
    .select(['contacts.name', 'contacts.email', 'contacts.phone', 'companies.name as companyName'])
    .where('contacts.id', '=', contact.id)
    .where('companies.id', '=', row.company_id)
    .executeTakeFirstOrThrow();
  const requester = { id: contact.id, name: names.name, email: names.email, phone: names.phone };
  const ticket = newTicketView(
    row,
    { assignee: undefined, requester, companyName: names.companyName, tag: undefined, sla },
    now,
  );
  scope.emit({ type: 'ticket.created', companyId: row.company_id, data: { ticket } });
  return { row, commentId: comment.id, creatorId: admin.id };
}
