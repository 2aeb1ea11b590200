/**
 * Notifications to technicians by mail, besides the ones kept in the desk: a mention in a note, a
 * ticket assigned to them by someone else, a customer's reply on a ticket assigned to them, and a
 * broken SLA target (sla-mail.ts). Each technician may turn these off (`desk notifications mail
 * off`). Made from the kind's mail template, queued in the write of the change, marked automatic,
 * only while a transport is set.
 */
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { excerpt } from '../../../core/mentions.js';
import { mailNotificationsSchema, type MailNotifications } from '../../../core/mail.js';
import type { MailTemplateKind } from '../../../core/mail-templates.js';
import type { TicketRow } from '../../store/schema.js';
import { mailNotice } from './notices.js';
import { renderMailOf } from './mail-templates.js';
import { ticketMailValues } from './ticket-values.js';

/** Mails `technicianIds` (those who did not turn mail off) about a ticket, from the kind's template. */
export async function mailTechnicians(
  scope: WriteScope,
  store: Store,
  technicianIds: readonly number[],
  ticket: TicketRow,
  kind: MailTemplateKind,
  values: Readonly<Record<string, string>>,
): Promise<void> {
  if (technicianIds.length === 0) return;
  const techs = await scope.trx
    .selectFrom('technicians')
    .select(['id', 'name', 'email'])
    .where('id', 'in', [...new Set(technicianIds)])
    .where('mail_notifications', '=', 1)
    .orderBy('id')
    .execute();
  for (const t of techs) {
    const base = await ticketMailValues(scope.trx, store, ticket, t);
    const mail = await renderMailOf(scope.trx, kind, { ...base, ...values });
    const sent = await mailNotice(scope, store, { to: t.email, ...mail, ticketId: ticket.id });
    if (!sent) return;
  }
}

const ticketOf = (scope: WriteScope, id: number) =>
  scope.trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();

/** The technicians a note's mentions notified (its notifications), by mail. */
export async function mailMentions(scope: WriteScope, store: Store, actor: Actor, commentId: number): Promise<void> {
  const rows = await scope.trx
    .selectFrom('notifications')
    .select(['technician_id', 'ticket_id', 'excerpt'])
    .where('comment_id', '=', commentId)
    .execute();
  const first = rows[0];
  if (!first) return;
  const ticket = await ticketOf(scope, Number(first.ticket_id));
  if (!ticket) return;
  await mailTechnicians(
    scope,
    store,
    rows.map((r) => Number(r.technician_id)),
    ticket,
    'mention',
    { 'actor.name': actor.name, 'comment.excerpt': first.excerpt },
  );
}

/** The new assignee of a ticket, unless they assigned it to themselves. */
export async function mailAssignment(
  scope: WriteScope,
  store: Store,
  actor: Actor,
  before: { assignee_id: number | null },
  after: TicketRow,
): Promise<void> {
  if (after.assignee_id === null || after.assignee_id === before.assignee_id || after.assignee_id === actor.id) return;
  await mailTechnicians(scope, store, [Number(after.assignee_id)], after, 'assignment', { 'actor.name': actor.name });
}

/** The assignee of the ticket a customer just replied on (`commentId`, else their latest comment there). */
export async function mailCustomerReply(
  scope: WriteScope,
  store: Store,
  ticketId: number,
  commentId?: number,
): Promise<void> {
  const ticket = await ticketOf(scope, ticketId);
  if (!ticket || ticket.assignee_id === null) return;
  const comment = await scope.trx
    .selectFrom('comments')
    .leftJoin('contacts', 'contacts.id', 'comments.author_contact_id')
    .select(['comments.body', 'contacts.name'])
    .where('comments.ticket_id', '=', ticketId)
    .where('comments.author_kind', '=', 'contact')
    .$if(commentId !== undefined, (q) => q.where('comments.id', '=', commentId!))
    .orderBy('comments.id', 'desc')
    .executeTakeFirst();
  if (!comment) return;
  await mailTechnicians(scope, store, [Number(ticket.assignee_id)], ticket, 'customer-reply', {
    ...(comment.name ? { 'requester.name': comment.name } : {}),
    'comment.excerpt': excerpt(comment.body),
  });
}

/** Whether I get notifications by mail. */
export async function mailNotificationsOf(store: Store, actor: Actor): Promise<MailNotifications> {
  const row = await store.db
    .selectFrom('technicians')
    .select('mail_notifications')
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  return { enabled: Number(row.mail_notifications) === 1 };
}

/** Turns my notification mails on or off. */
export async function setMailNotifications(store: Store, actor: Actor, raw: unknown): Promise<MailNotifications> {
  const { enabled } = mailNotificationsSchema.parse(raw);
  await store.write((scope) =>
    scope.trx
      .updateTable('technicians')
      .set({ mail_notifications: enabled ? 1 : 0 })
      .where('id', '=', actor.id)
      .execute(),
  );
  return { enabled };
}
