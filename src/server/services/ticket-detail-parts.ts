/**
 * The ticket parts of a ticket's detail: CC and attachments on comments,
 * the resolution, the requester panel, who views it now, and the conversation
 * in the order and with the filter asked for.
 */
import * as z from 'zod/mini';
import '../../core/zod-locale.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { attachmentsOfComments } from './attachments.js';
import { requesterPanel } from './requester-panel.js';
import { viewersOf } from './presence.js';
import { viewNow } from './view-clock.js';
import type { TicketDetail } from '../../core/ticket-detail.js';
import type { CcRecipient } from '../../core/ticket-properties.js';

export const showQuery = z.object({
  order: z._default(z.enum(['oldest', 'newest']), 'oldest'),
  only: z.optional(z.enum(['public', 'internal'])),
});
export type ShowQuery = z.input<typeof showQuery>;

export async function decorateDetail(
  db: Kysely<Database>,
  detail: TicketDetail,
  raw: unknown = {},
): Promise<TicketDetail> {
  const query = showQuery.parse(raw);
  const ids = detail.comments.map((c) => c.id);
  const [ccRows, files, ticket] = await Promise.all([
    ids.length ? db.selectFrom('comments').select(['id', 'cc']).where('id', 'in', ids).execute() : [],
    attachmentsOfComments(db, ids),
    db
      .selectFrom('tickets')
      .select(['resolution_comment_id', 'requester_id'])
      .where('id', '=', detail.id)
      .executeTakeFirst(),
  ]);
  const ccById = new Map(ccRows.map((r) => [r.id, r.cc === null ? [] : (JSON.parse(r.cc) as CcRecipient[])]));
  const resolutionId = ticket?.resolution_comment_id == null ? null : Number(ticket.resolution_comment_id);
  const comments = detail.comments
    .map((c) => ({
      ...c,
      cc: ccById.get(c.id) ?? [],
      attachments: files.get(c.id) ?? [],
      resolution: c.id === resolutionId,
    }))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  const resolved = comments.find((c) => c.resolution);
  const kind = query.only === 'public' ? 'reply' : query.only === 'internal' ? 'note' : undefined;
  const shown = comments.filter((c) => kind === undefined || c.kind === kind);
  if (query.order === 'newest') shown.reverse();
  const [panel, viewers] = await Promise.all([
    ticket?.requester_id == null ? null : requesterPanel(db, Number(ticket.requester_id), detail.id),
    viewersOf(db, detail.id, viewNow()),
  ]);
  return {
    ...detail,
    comments: shown,
    commentsTotal: comments.length,
    resolution: resolved
      ? {
          commentId: resolved.id,
          kind: resolved.kind,
          author: resolved.author,
          body: resolved.body,
          createdAt: resolved.createdAt,
        }
      : null,
    requesterPanel: panel,
    viewers,
  };
}
