/**
 * The ticket options of `desk tickets reply` and `note`: `--template`,
 * `--cc`, `--attach`, `--resolution` and custom statuses. Everything is checked
 * before anything is sent; files are uploaded, then sent with the comment.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { collect } from '../session.js';
import type { TicketsApi } from '../../client/api/tickets.js';
import { invalid, usageError } from '../../core/errors.js';
import type { CommentKind, TicketStatus } from '../../core/tickets.js';
import { messageText } from './parse.js';
import { statusFlag } from './property-flags.js';

const MAX_FILE = 20 * 1024 * 1024;

export interface CommentContentOptions {
  message?: string;
  status?: string;
  template?: string;
  cc?: string[];
  attach?: string[];
  resolution?: boolean;
}

export function withCommentContentOptions(cmd: Command, kind: CommentKind): Command {
  cmd
    .option(
      '--template <name>',
      'use a reply template (fields such as {{requester.name}} filled in) instead of --message',
    )
    .option('--attach <file>', 'attach a file (repeatable; at most 20 MB each)', collect)
    .option('--resolution', "mark this comment as the ticket's resolution");
  if (kind === 'reply')
    cmd.option('--cc <email|technician>', 'copy an e-mail address or a technician (repeatable)', collect);
  return cmd;
}

export interface CommentPlan {
  readonly body: string | undefined;
  readonly template: string | undefined;
  readonly status: TicketStatus | undefined;
  readonly customStatus: string | undefined;
  readonly cc: string[] | undefined;
  readonly resolution: true | undefined;
  readonly files: Array<{ name: string; data: Buffer }>;
}

/** Checks every flag and reads the files; nothing is sent yet. */
export async function planComment(opts: CommentContentOptions, ctx: Context): Promise<CommentPlan> {
  const status = opts.status !== undefined ? statusFlag(opts.status) : {};
  if (opts.message !== undefined && opts.template !== undefined) {
    throw invalid('give --message or --template, not both', '--template');
  }
  if (opts.message === undefined && opts.template === undefined) {
    throw usageError('nothing to send', 'give --message TEXT (or - for standard input) or --template NAME');
  }
  if (opts.template !== undefined && opts.template.trim() === '')
    throw invalid('--template needs a name', '--template');
  const body = opts.message !== undefined ? await messageText(opts.message, ctx) : undefined;
  if (body !== undefined && body.trim() === '') throw invalid('the message is empty');
  const cc = opts.cc?.map((c) => c.trim());
  if (cc?.some((c) => c === '')) throw invalid('--cc needs an e-mail address or a technician', '--cc');
  const files: Array<{ name: string; data: Buffer }> = [];
  for (const path of opts.attach ?? []) {
    let size: number;
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new Error('not a file');
      size = s.size;
    } catch {
      throw invalid(`--attach: cannot read "${path}"`, '--attach');
    }
    if (size > MAX_FILE) throw invalid(`--attach: "${path}" is larger than 20 MB`, '--attach');
    if (size === 0) throw invalid(`--attach: "${path}" is empty`, '--attach');
    files.push({ name: basename(path), data: await readFile(path) });
  }
  return {
    body,
    template: opts.template?.trim(),
    status: status.status,
    customStatus: status.customStatus,
    cc: cc?.length ? cc : undefined,
    resolution: opts.resolution ? true : undefined,
    files,
  };
}

/**
 * Uploads the files; returns what the comment carries: its text, or the template the server fills in
 * (so the customer's data goes in clear even when the server masks it for this technician).
 */
export async function prepareComment(
  tickets: TicketsApi,
  ticketId: number,
  plan: CommentPlan,
): Promise<{ content: { body: string } | { template: string }; attachmentIds: number[] | undefined }> {
  const content = plan.template !== undefined ? { template: plan.template } : { body: plan.body ?? '' };
  if (plan.files.length === 0) return { content, attachmentIds: undefined };
  const ids: number[] = [];
  for (const f of plan.files) ids.push((await tickets.upload(ticketId, f.name, f.data)).id);
  return { content, attachmentIds: ids };
}
