/**
 * A comment by the ticket's requester from a customer client (DESIGN §2.1): it lands on the ticket
 * a merge moved the conversation to, reopens a Resolved or Closed ticket (the customer replied),
 * sets the activity status to awaiting a technician, recomputes the sentiment, and tells the
 * assignee on the stream. Each change is in the activity log under the customer's name.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import { iso } from '../../iso-time.js';
import { recordActivity, type ContactActor } from './activity.js';
import { refreshSentiment } from './sentiment.js';
import { slaAfterUpdate } from './sla-clock.js';
import { ticketView } from './views.js';
import { tellRequester } from './requester-events.js';
import { mailCustomerReply } from '../mail/technician-mail.js';
import { customerTicketViews, publicComments } from './customer-view.js';
import { invalid, notFound } from '../../../core/errors.js';
import type { Sentiment } from '../../../core/sentiment.js';
import type { CustomerCommentResult } from '../../../core/customer-tickets.js';
import { activityAfterComment, truncateComment, type ActivityStatus } from '../../../core/tickets.js';

/** How many merges a reply follows at most (merges never chain today: a target is never merged). */
const MAX_MERGE_HOPS = 10;

/** The requester's ticket, or the ticket it was merged into, which takes the comment. */
async function requestersTicket(db: Kysely<Database>, contactId: number, ticketId: number): Promise<TicketRow> {
  const first = await db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!first || first.requester_id === null || Number(first.requester_id) !== contactId || first.deleted_at !== null) {
    throw notFound(`ticket ${ticketId}`);
  }
  let row = first;
  for (let hop = 0; row.merged_into_id !== null && hop < MAX_MERGE_HOPS; hop++) {
    const target = await db.selectFrom('tickets').selectAll().where('id', '=', row.merged_into_id).executeTakeFirst();
    if (!target || target.deleted_at !== null) break;
    row = target;
  }
  return row;
}

export interface RequesterComment {
  readonly commentId: number;
  readonly ticketId: number;
  readonly reopened: boolean;
  readonly sentiment: Sentiment | null;
}

/** Adds the requester's comment; answers it as the ticket shows it, with the ticket as it left it. */
export async function addRequesterComment(
  store: Store,
  customer: { readonly contactId: number },
  ticketId: number,
  rawBody: string,
): Promise<CustomerCommentResult> {
  if (rawBody.trim() === '') throw invalid('the message is empty', 'body');
  const res = await store.write(async (scope) => {
    const added = await addRequesterCommentIn(scope, customer, ticketId, rawBody);
    await mailCustomerReply(scope, store, added.ticketId, added.commentId);
    return added;
  });
  const row = await store.db.selectFrom('tickets').selectAll().where('id', '=', res.ticketId).executeTakeFirstOrThrow();
  const [[ticket], [comment]] = await Promise.all([
    customerTicketViews(store.db, [row]),
    publicComments(store.db, row.id, [res.commentId]),
  ]);
  if (!ticket || !comment) throw new Error(`comment ${res.commentId} not found after its write`);
  return { ...res, ticket, comment };
}

/** The same inside a write (a reply by mail is recorded with the message it came in). */
export async function addRequesterCommentIn(
  scope: WriteScope,
  customer: { readonly contactId: number },
  ticketId: number,
  rawBody: string,
): Promise<RequesterComment> {
  const { trx, now } = scope;
  const row = await requestersTicket(trx, customer.contactId, ticketId);
  const actor: ContactActor = { kind: 'contact', contactId: customer.contactId };
  const { body, truncated } = truncateComment(rawBody);
  const comment = await trx
    .insertInto('comments')
    .values({
      ticket_id: row.id,
      kind: 'reply',
      author_kind: 'contact',
      author_technician_id: null,
      author_contact_id: customer.contactId,
      body,
      truncated: truncated ? 1 : 0,
      client_id: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const changes = ['reply', 'sentiment'];
  const activity = activityAfterComment(row.activity_status as ActivityStatus, {
    kind: 'reply',
    authorKind: 'contact',
  });
  if (activity !== row.activity_status) {
    await recordActivity(scope, actor, row.id, 'activityStatus', row.activity_status, activity);
    changes.push('activityStatus');
  }
  const reopened = row.status === 'resolved' || row.status === 'closed';
  if (reopened) {
    await recordActivity(scope, actor, row.id, 'status', row.status, 'open');
    changes.push('status');
  }
  await trx
    .updateTable('tickets')
    .set({
      activity_status: activity,
      updated_at: now,
      ...(reopened ? { status: 'open', custom_status_id: null } : {}),
    })
    .where('id', '=', row.id)
    .execute();
  const sentiment = await refreshSentiment(scope, row.id);
  const fresh = await trx.selectFrom('tickets').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  if (reopened) await slaAfterUpdate(scope, row, fresh);
  const contact = await trx
    .selectFrom('contacts')
    .select('name')
    .where('id', '=', customer.contactId)
    .executeTakeFirst();
  const ticket = await ticketView(trx, fresh, now);
  const author = { kind: 'contact' as const, id: customer.contactId, name: contact?.name ?? '' };
  scope.emit({
    type: 'ticket.commented',
    companyId: fresh.company_id,
    data: {
      ticket,
      changes,
      comment: { id: comment.id, kind: 'reply', author, body, truncated, createdAt: iso(now) },
    },
  });
  await tellRequester(scope, fresh, changes, comment.id);
  if (fresh.assignee_id !== null) tellAssignee(scope, fresh, author.name, reopened);
  return { commentId: comment.id, ticketId: row.id, reopened, sentiment };
}

/** The assignee hears of the customer's reply on the stream (the TUI and `desk tickets watch` show it). */
function tellAssignee(scope: WriteScope, ticket: TicketRow, customerName: string, reopened: boolean): void {
  const text = reopened
    ? `${customerName} replied on ticket #${ticket.id} "${ticket.title}": it is open again`
    : `${customerName} replied on ticket #${ticket.id} "${ticket.title}"`;
  scope.emit({
    type: 'ticket.customer-replied',
    companyId: ticket.company_id,
    technicianId: Number(ticket.assignee_id),
    data: { ticketId: ticket.id, reopened, text },
  });
}
