/** `desk chat requests [--filter all|new|active|completed]` and `desk chat list [--all]`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, withCommon, type CommonOptions } from '../session.js';
import { printJson } from '../json.js';
import { invalid } from '../../core/errors.js';
import { REQUEST_FILTERS, type RequestFilter } from '../../core/chat.js';
import { ChatApi } from '../../client/api/chat.js';
import { PeopleApi } from '../../client/api/people.js';
import { maskChat, printChats } from './format.js';

interface RequestsOptions extends CommonOptions {
  filter: string;
  limit: string;
}

export async function runRequests(opts: RequestsOptions, ctx: Context): Promise<void> {
  const filter = REQUEST_FILTERS.find((f) => f === opts.filter.trim().toLowerCase()) as RequestFilter | undefined;
  if (!filter) throw invalid(`--filter must be one of ${REQUEST_FILTERS.join(', ')}, got "${opts.filter}"`);
  const limit = Number(opts.limit);
  if (!/^\d+$/.test(opts.limit) || limit < 1 || limit > 500)
    throw invalid(`--limit must be 1 to 500, got "${opts.limit}"`);
  const { client, mask } = await openSession(ctx, opts);
  const list = await new ChatApi(client).requests(filter, limit);
  const items = list.items.map((c) => maskChat(c, mask));
  if (opts.json) return printJson(ctx, items);
  printChats(ctx, items);
}

export function makeRequestsCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('requests')
      .description('Chat requests of your companies: id, customer, company, queue, state, owner, waiting time')
      .option('--filter <which>', `${REQUEST_FILTERS.join(', ')}`, 'all')
      .option('--limit <n>', 'most requests to show, newest first', '100'),
  ).action((opts: RequestsOptions) => runRequests(opts, ctx));
}

export async function runList(opts: CommonOptions & { all?: boolean }, ctx: Context): Promise<void> {
  const { client, mask } = await openSession(ctx, opts);
  const [list, me] = await Promise.all([new ChatApi(client).mine(opts.all === true), new PeopleApi(client).me()]);
  const items = list.items.map((c) => maskChat(c, mask));
  if (opts.json) return printJson(ctx, items);
  printChats(ctx, items, me.technician.id);
}

export function makeListCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('list')
      .description('My chats, with offers, transfers and conference invitations waiting for me')
      .option('--all', 'include ended chats'),
  ).action((opts: CommonOptions & { all?: boolean }) => runList(opts, ctx));
}
