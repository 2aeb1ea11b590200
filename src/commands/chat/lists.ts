/**
 * `desk chat requests [--filter all|new|active|completed]` (with the customer's first message) and
 * `desk chat list [--state all|new|active|completed] [--sort wait|customer|company]`.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, withCommon, type CommonOptions } from '../session.js';
import { printJson } from '../json.js';
import { invalid, usageError } from '../../core/errors.js';
import { REQUEST_FILTERS, type Chat, type RequestFilter } from '../../core/chat.js';
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
  printChats(ctx, items, undefined, true);
}

export function makeRequestsCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('requests')
      .description(
        "Chat requests of your companies: id, customer, company, queue, state, owner, waiting time, the customer's first message",
      )
      .option('--filter <which>', `${REQUEST_FILTERS.join(', ')}`, 'all')
      .option('--limit <n>', 'most requests to show, newest first', '100'),
  ).action((opts: RequestsOptions) => runRequests(opts, ctx));
}

const LIST_SORTS = ['wait', 'customer', 'company'] as const;
type ListSort = (typeof LIST_SORTS)[number];

interface ListOptions extends CommonOptions {
  all?: boolean;
  state?: string;
  sort?: string;
}

/** Longest waiting first; or by customer, or by company (then customer), by name. */
function sortChats(chats: readonly Chat[], sort: ListSort): Chat[] {
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  const started = (c: Chat) => Date.parse(c.requestedAt);
  return [...chats].sort((a, b) => {
    if (sort === 'customer') return byName(a.contact.name, b.contact.name) || a.id - b.id;
    if (sort === 'company')
      return byName(a.company.name, b.company.name) || byName(a.contact.name, b.contact.name) || a.id - b.id;
    return started(a) - started(b) || a.id - b.id;
  });
}

export async function runList(opts: ListOptions, ctx: Context): Promise<void> {
  let state: RequestFilter | undefined;
  if (opts.state !== undefined) {
    state = REQUEST_FILTERS.find((f) => f === opts.state!.trim().toLowerCase());
    if (!state) throw invalid(`--state must be one of ${REQUEST_FILTERS.join(', ')}, got "${opts.state}"`);
    if (opts.all && state !== 'all') throw usageError(`give --all or --state ${state}, not both`);
  } else if (opts.all) state = 'all';
  let sort: ListSort | undefined;
  if (opts.sort !== undefined) {
    sort = LIST_SORTS.find((f) => f === opts.sort!.trim().toLowerCase());
    if (!sort) throw invalid(`--sort must be one of ${LIST_SORTS.join(', ')}, got "${opts.sort}"`);
  }
  const { client, mask } = await openSession(ctx, opts);
  const [list, me] = await Promise.all([new ChatApi(client).mine(state), new PeopleApi(client).me()]);
  const sorted = sort ? sortChats(list.items, sort) : list.items;
  const items = sorted.map((c) => maskChat(c, mask));
  if (opts.json) return printJson(ctx, items);
  printChats(ctx, items, me.technician.id);
}

export function makeListCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('list')
      .description('My chats, with offers, transfers and conference invitations waiting for me or my queues')
      .option('--state <which>', `${REQUEST_FILTERS.join(', ')} (default: open chats)`)
      .option('--all', 'include ended chats (same as --state all)')
      .option('--sort <by>', `${LIST_SORTS.join(', ')} (default: newest first)`),
  ).action((opts: ListOptions) => runList(opts, ctx));
}
