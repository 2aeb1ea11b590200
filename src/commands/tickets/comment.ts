/**
 * `desk tickets reply` and `desk tickets note` (internal). A reply is public unless `--internal` is
 * given or the ticket settings make internal the default (`tickets.default-reply`); `--public`
 * makes it public whatever the setting.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ApiClient } from '../../client/http.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { usageError } from '../../core/errors.js';
import { TICKET_STATUSES, type CommentKind } from '../../core/tickets.js';
import {
  planComment,
  prepareComment,
  withCommentContentOptions,
  type CommentContentOptions,
} from './comment-options.js';
import { maskCommentResult } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';

interface CommentOptions extends CommonOptions, CommentContentOptions {
  message?: string;
  status?: string;
  public?: boolean;
  internal?: boolean;
}

/**
 * What a `reply` sends: `--public` (or `--cc`, which only a public reply has) or `--internal`; with
 * neither, no kind, and the server applies the ticket settings' default.
 */
function replyKind(opts: CommentOptions, cc: readonly string[] | undefined): CommentKind | undefined {
  if (opts.public || cc !== undefined) return 'reply';
  if (opts.internal) return 'note';
  return undefined;
}

export async function runComment(command: CommentKind, id: string, opts: CommentOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  if (opts.public && opts.internal) throw usageError('give --public or --internal, not both');
  const plan = await planComment(opts, ctx);
  const { client, mask } = await openSession(ctx, opts);
  if (plan.cc !== undefined && (command === 'note' || opts.internal)) {
    throw usageError('--cc goes with public replies only', 'add --public');
  }
  const kind = command === 'reply' ? replyKind(opts, plan.cc) : command;
  const tickets = new TicketsApi(client);
  const { content, attachmentIds } = await prepareComment(tickets, ticketId, plan);
  const { status, customStatus, cc, resolution } = plan;
  const answer = await tickets.comment(ticketId, {
    kind,
    ...content,
    status,
    customStatus,
    cc,
    attachmentIds,
    resolution,
    clientId: ApiClient.clientId(),
  });
  if (opts.json) return printJson(ctx, maskCommentResult(answer, mask));
  const { comment, ticket } = answer;
  const what = comment.kind === 'note' ? 'Added a note to' : 'Replied on';
  say(ctx, `${what} ticket #${ticket.id}${comment.truncated ? ' (cut to 64,000 characters)' : ''}`);
}

export function makeCommentCommand(parent: Command, ctx: Context, kind: CommentKind): Command {
  const name = kind === 'reply' ? 'reply' : 'note';
  const description =
    kind === 'reply'
      ? 'Add a reply: public (the requester sees it) unless --internal or the setting tickets.default-reply says internal'
      : 'Add an internal note (technicians only)';
  const cmd = parent
    .command(name)
    .description(description)
    .argument('<id>', 'ticket id')
    .option('--message <text>', 'the text; - reads standard input')
    .option('--status <status>', `also set the status (${TICKET_STATUSES.join(', ')} or a custom status)`);
  if (kind === 'reply') {
    cmd
      .option('--public', 'a public reply, whatever tickets.default-reply says')
      .option('--internal', 'an internal note (technicians only), whatever tickets.default-reply says');
  }
  return withCommon(withCommentContentOptions(cmd, kind)).action((id: string, opts: CommentOptions) =>
    runComment(kind, id, opts, ctx),
  );
}
