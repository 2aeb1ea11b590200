/**
 * Reading comments as the API shows them: one query shape (the comment with its author's name and
 * CC) and one mapping, for the ticket's whole conversation and for the one comment a write answers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import type { Comment } from '../../../core/schemas.js';
import type { CcRecipient } from '../../../core/ticket-properties.js';
import type { CommentKind } from '../../../core/tickets.js';

/** Comments with their authors' names, to narrow with `where`. */
export const selectComments = (db: Kysely<Database>) =>
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
    ]);

type CommentRow = Awaited<ReturnType<ReturnType<typeof selectComments>['executeTakeFirstOrThrow']>>;

/** A comment row as the API shows it, with its files and whether it is the ticket's resolution. */
export function commentFromRow(
  c: CommentRow,
  attachments: NonNullable<Comment['attachments']>,
  resolutionId: number | null,
): Comment {
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
    attachments,
    resolution: resolutionId !== null && resolutionId === c.id,
  };
}
