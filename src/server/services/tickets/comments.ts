/**
 * Comments on a ticket (DESIGN §2.1): a technician's public reply or internal
 * note, optionally setting the status in the same action, with CC recipients,
 * attachments, the resolution mark and @mention notifications; a reply meets
 * the SLA response target. A repeated `clientId` answers with the original.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow, TicketUpdate } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { recordActivity } from './activity.js';
import { linkAttachments } from './attachments.js';
import { resolveCc } from './cc.js';
import { commentAnswer } from './comment-answer.js';
import { assertNotDeleted, assertNotMerged, visibleTicket } from './lookup.js';
import { notifyMentions } from './notifications.js';
import { slaAfterPublicReply, slaAfterUpdate } from './sla-clock.js';
import { timersAfterClose } from '../time/timers-on-close.js';
import { applyStatus, type StatusInput } from './statuses.js';
import { ticketView } from './views.js';
import { tellRequester } from './requester-events.js';
import { invalid } from '../../../core/errors.js';
import { commentInput } from '../../../core/inputs.js';
import { renderTemplateFor } from './templates.js';
import { settingValue } from '../settings.js';
import { mailPublicReply } from '../mail/ticket-mail.js';
import { mailAfterResolve } from '../mail/ticket-notices.js';
import { mailMentions } from '../mail/technician-mail.js';
import type { CommentResult } from '../../../core/schemas.js';
import { activityAfterComment, truncateComment, type ActivityStatus } from '../../../core/tickets.js';

interface CommentPropertyInput extends StatusInput {
  kind: 'reply' | 'note';
  body: string;
  cc?: string[] | undefined;
  attachmentIds?: number[] | undefined;
  resolution?: boolean | undefined;
}

/**
 * After the comment is inserted: custom status, CC, attachments, resolution
 * mark, mentions and the response target.
 */
async function applyCommentProperties(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  commentId: number,
  input: CommentPropertyInput,
  set: TicketUpdate,
  changes: string[],
): Promise<void> {
  assertNotDeleted(row);
  assertNotMerged(row);
  await applyStatus(scope, actor, row, input, set, changes);
  if (input.cc?.length) {
    if (input.kind !== 'reply') throw invalid('CC recipients go on public replies only', 'cc');
    const cc = await resolveCc(scope.trx, row.company_id, input.cc);
    await scope.trx
      .updateTable('comments')
      .set({ cc: JSON.stringify(cc) })
      .where('id', '=', commentId)
      .execute();
  }
  if (input.attachmentIds?.length) await linkAttachments(scope, actor, row.id, commentId, input.attachmentIds);
  if (input.resolution) {
    set.resolution_comment_id = commentId;
    await recordActivity(
      scope,
      actor,
      row.id,
      'resolution',
      row.resolution_comment_id === null ? null : String(row.resolution_comment_id),
      String(commentId),
    );
    changes.push('resolution');
  }
  if (input.kind === 'note') await notifyMentions(scope, actor, row, commentId, input.body);
  if (input.kind === 'reply') await slaAfterPublicReply(scope, row.id);
}

async function findComment(db: Kysely<Database>, actor: Actor, clientId: string) {
  return db
    .selectFrom('comments')
    .select(['id', 'ticket_id'])
    .where('author_technician_id', '=', actor.id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** The answer to a repeated send: the original comment and the ticket as it is now. */
async function repeated(store: Store, actor: Actor, existing: { id: number; ticket_id: number }) {
  return commentAnswer(store.db, await visibleTicket(store.db, actor, existing.ticket_id), existing.id, store.now());
}

/**
 * Adds a public reply or internal note, optionally setting the status in the same action; answers
 * the comment and the ticket as it left it.
 */
export async function commentOnTicket(store: Store, actor: Actor, id: number, raw: unknown): Promise<CommentResult> {
  const parsed = commentInput.parse(raw);
  await visibleTicket(store.db, actor, id);
  // A template is filled in here, so the customer gets their data clear even from a technician who sees it masked.
  const text =
    parsed.template !== undefined
      ? (await renderTemplateFor(store.db, actor, parsed.template, id)).body
      : (parsed.body ?? '');
  const kind =
    parsed.kind ?? ((await settingValue(store.db, 'tickets.default-reply')) === 'internal' ? 'note' : 'reply');
  const input = { ...parsed, kind, body: text };
  if (input.clientId) {
    const existing = await findComment(store.db, actor, input.clientId);
    if (existing) return await repeated(store, actor, existing);
  }
  try {
    const done = await store.write(async (scope) => {
      const { trx, now, emit } = scope;
      const current = await visibleTicket(trx, actor, id);
      const { body, truncated } = truncateComment(input.body);
      const comment = await trx
        .insertInto('comments')
        .values({
          ticket_id: id,
          kind: input.kind,
          author_kind: 'technician',
          author_technician_id: actor.id,
          author_contact_id: null,
          body,
          truncated: truncated ? 1 : 0,
          client_id: input.clientId ?? null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordActivity(scope, actor, id, input.kind, null, String(comment.id));
      const set: TicketUpdate = { updated_at: now };
      const changes: string[] = [input.kind];
      const activity = activityAfterComment(current.activity_status as ActivityStatus, {
        kind: input.kind,
        authorKind: 'technician',
      });
      if (activity !== current.activity_status) {
        set.activity_status = activity;
        await recordActivity(scope, actor, id, 'activityStatus', current.activity_status, activity);
        changes.push('activityStatus');
      }
      if (input.status !== undefined && input.status !== current.status) {
        set.status = input.status;
        await recordActivity(scope, actor, id, 'status', current.status, input.status);
        changes.push('status');
      }
      await applyCommentProperties(scope, actor, current, comment.id, input, set, changes);
      const fresh = await trx
        .updateTable('tickets')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await slaAfterUpdate(scope, current, fresh);
      await timersAfterClose(scope, actor, current, fresh);
      if (input.kind === 'reply') await mailPublicReply(scope, store, actor, fresh, comment.id, body);
      await mailAfterResolve(scope, store, current, fresh);
      if (input.kind === 'note') await mailMentions(scope, store, actor, comment.id);
      const ticket = await ticketView(trx, fresh, now);
      emit({
        type: 'ticket.commented',
        companyId: fresh.company_id,
        data: {
          ticket,
          changes,
          comment: {
            id: comment.id,
            kind: input.kind,
            author: { kind: 'technician', id: actor.id, name: actor.name },
            body,
            truncated,
            createdAt: iso(now),
          },
        },
      });
      await tellRequester(scope, fresh, changes, comment.id);
      return { row: fresh, commentId: comment.id, ticket, now };
    });
    return await commentAnswer(store.db, done.row, done.commentId, done.now, done.ticket);
  } catch (err) {
    if (input.clientId && isUniqueViolation(err)) {
      const existing = await findComment(store.db, actor, input.clientId);
      if (existing) return await repeated(store, actor, existing);
    }
    throw err;
  }
}
