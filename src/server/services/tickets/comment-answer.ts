/**
 * What adding a comment answers: the one comment as stored (author, CC, files, resolution mark) and
 * the ticket as it left it, read without the rest of the conversation.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import { attachmentsOfComments } from './attachments.js';
import { ticketView } from './views.js';
import type { Comment, CommentResult, Ticket } from '../../../core/schemas.js';
import type { CcRecipient } from '../../../core/ticket-properties.js';
import type { CommentKind } from '../../../core/tickets.js';

/** One comment of a ticket in the shape the ticket detail lists it. */
async function commentById(db: Kysely<Database>, row: TicketRow, commentId: number): Promise<Comment> {
  const [c, files] = await Promise.all([
    db
      .selectFrom('comments')
      .leftJoin('technicians', 'technicians.id', 'comments.author_technician_id')
      .leftJoin('contacts', 'contacts.id', 'comments.author_contact_id')
      .select([
        'comments.id',
        'comments.kind',
        'comments.author_kind',
        'comments.author_technician_id',
        'comments.author_contact_id',
        'comments.body',
        'comments.truncated',
        'comments.cc',
        'comments.created_at',
        'technicians.name as technician_name',
        'contacts.name as contact_name',
      ])
      .where('comments.id', '=', commentId)
      .executeTakeFirstOrThrow(),
    attachmentsOfComments(db, [commentId]),
  ]);
  return {
    id: c.id,
    kind: c.kind as CommentKind,
    author:
      c.author_kind === 'contact'
        ? { kind: 'contact', id: c.author_contact_id, name: c.contact_name ?? '' }
        : { kind: 'technician', id: c.author_technician_id, name: c.technician_name ?? '' },
    body: c.body,
    truncated: c.truncated === 1,
    createdAt: iso(c.created_at),
    cc: c.cc === null ? [] : (JSON.parse(c.cc) as CcRecipient[]),
    attachments: files.get(c.id) ?? [],
    resolution: row.resolution_comment_id != null && Number(row.resolution_comment_id) === c.id,
  };
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
