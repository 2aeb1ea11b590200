/**
 * What adding a comment answers: the one comment as stored (author, CC, files, resolution mark) and
 * the ticket as it left it, read without the rest of the conversation.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import { attachmentsOfComments } from './attachments.js';
import { ticketView } from './views.js';
import { commentFromRow, selectComments } from './comment-rows.js';
import type { Comment, CommentResult, Ticket } from '../../../core/schemas.js';

/** One comment of a ticket in the shape the ticket detail lists it. */
async function commentById(db: Kysely<Database>, row: TicketRow, commentId: number): Promise<Comment> {
  const [c, files] = await Promise.all([
    selectComments(db).where('comments.id', '=', commentId).executeTakeFirstOrThrow(),
    attachmentsOfComments(db, [commentId]),
  ]);
  const resolutionId = row.resolution_comment_id == null ? null : Number(row.resolution_comment_id);
  return commentFromRow(c, files.get(c.id) ?? [], resolutionId);
}

/** The answer to a comment: the comment and the ticket (`ticket` when already built in the write). */
export async function commentAnswer(
  db: Kysely<Database>,
  row: TicketRow,
  commentId: number,
  now: number,
  ticket?: Ticket,
): Promise<CommentResult> {
  const [view, comment] = await Promise.all([
    ticket ? Promise.resolve(ticket) : ticketView(db, row, now),
    commentById(db, row, commentId),
  ]);
  return { ticket: view, comment };
}
