/** `desk tickets reply` (public) and `desk tickets note` (internal). */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ApiClient } from '../../client/http.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { TICKET_STATUSES, type CommentKind } from '../../core/tickets.js';
import {
  planComment,
  prepareComment,
  withCommentContentOptions,
  type CommentContentOptions,
} from './comment-options.js';
import { maskDetail } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';

interface CommentOptions extends CommonOptions, CommentContentOptions {
  message?: string;
  status?: string;
}

export async function runComment(kind: CommentKind, id: string, opts: CommentOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  const plan = await planComment(opts, ctx);
  const { client, mask } = await openSession(ctx, opts);
  const tickets = new TicketsApi(client);
  const { content, attachmentIds } = await prepareComment(tickets, ticketId, plan);
  const { status, customStatus, cc, resolution } = plan;
  const detail = await tickets.comment(ticketId, {
    kind,
    ...content,
    status,
    customStatus,
    cc,
    attachmentIds,
    resolution,
    clientId: ApiClient.clientId(),
  });
  if (opts.json) return printJson(ctx, maskDetail(detail, mask));
  const what = kind === 'reply' ? 'Replied on' : 'Added a note to';
  const comment = detail.comments[detail.comments.length - 1];
  say(ctx, `${what} ticket #${detail.id}${comment?.truncated ? ' (cut to 64,000 characters)' : ''}`);
}

export function makeCommentCommand(parent: Command, ctx: Context, kind: CommentKind): Command {
  const name = kind === 'reply' ? 'reply' : 'note';
  const description =
    kind === 'reply' ? 'Add a public reply (the requester sees it)' : 'Add an internal note (technicians only)';
  return withCommon(
    withCommentContentOptions(
      parent
        .command(name)
        .description(description)
        .argument('<id>', 'ticket id')
        .option('--message <text>', 'the text; - reads standard input')
        .option('--status <status>', `also set the status (${TICKET_STATUSES.join(', ')} or a custom status)`),
      kind,
    ),
  ).action((id: string, opts: CommentOptions) => runComment(kind, id, opts, ctx));
}
