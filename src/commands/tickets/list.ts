/** `desk tickets list`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, collect, type CommonOptions } from '../session.js';
import { ACTIVITY_STATUSES, PRIORITIES, SORT_KEYS, TICKET_STATUSES, TICKET_TYPES } from '../../core/tickets.js';
import { invalid } from '../../core/errors.js';
import { assigneeFlag, enumList } from './parse.js';
import { maskTicket } from './masked.js';
import { listFilterQuery, withListFilterOptions, type ListFilterOptions } from './list-filters.js';
import { printJson } from '../json.js';
import { TicketsApi } from '../../client/api/tickets.js';

export interface ListOptions extends CommonOptions, ListFilterOptions {
  status?: string[];
  assignee?: string;
  priority?: string[];
  type?: string[];
  company?: string;
  tag?: string;
  activity?: string[];
  search?: string;
  sort?: string;
  limit?: string;
  cursor?: string;
}

export function listQuery(opts: ListOptions): Record<string, string | number | undefined> {
  const filters = listFilterQuery(opts);
  const statuses = filters.builtInStatuses;
  const statusAll = statuses?.some((s) => s.trim().toLowerCase() === 'all');
  const limit = opts.limit === undefined ? 30 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalid('--limit must be a whole number from 1 to 500');
  const sort = opts.sort?.toLowerCase();
  if (sort !== undefined && !(SORT_KEYS as readonly string[]).includes(sort)) {
    throw invalid(`unknown --sort "${opts.sort}" (valid: ${SORT_KEYS.join(', ')})`);
  }
  const assignee = opts.assignee !== undefined ? assigneeFlag(opts.assignee) : undefined;
  return {
    status: statusAll ? 'all' : statuses ? enumList(TICKET_STATUSES, statuses, '--status').join(',') : undefined,
    assignee,
    priority: opts.priority ? enumList(PRIORITIES, opts.priority, '--priority').join(',') : undefined,
    type: opts.type ? enumList(TICKET_TYPES, opts.type, '--type').join(',') : undefined,
    company: opts.company !== undefined ? parseId(opts.company, '--company') : undefined,
    tag: opts.tag,
    activity: opts.activity ? enumList(ACTIVITY_STATUSES, opts.activity, '--activity').join(',') : undefined,
    search: opts.search,
    sort,
    limit,
    cursor: opts.cursor,
    ...filters.params,
  };
}

export async function runList(opts: ListOptions, ctx: Context): Promise<void> {
  const query = listQuery(opts);
  const { client, mask } = await openSession(ctx, opts);
  const page = await new TicketsApi(client).list(query);
  const items = page.items.map((t) => maskTicket(t, mask));
  if (opts.json) return printJson(ctx, { items, nextCursor: page.nextCursor });
  if (items.length === 0) {
    if (ctx.stdout.isTTY) ctx.stderr.write('No tickets match.\n');
    return;
  }
  // The table and colour code loads only here: scripts calling `--json` in a loop never pay for it.
  const { printTicketTable } = await import('./view.js');
  printTicketTable(ctx, items);
  if (page.nextCursor && ctx.stdout.isTTY) ctx.stderr.write(`More: --cursor ${page.nextCursor}\n`);
}

export function makeListCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    withListFilterOptions(
      parent
        .command('list')
        .description('List tickets (default: open and pending; --status all for every status)')
        .option(
          '--status <status>',
          `filter by status (${TICKET_STATUSES.join(', ')}, or all); repeatable or comma-separated`,
          collect,
        )
        .option('--assignee <who>', 'me, none or a technician id')
        .option('--priority <priority>', `filter by priority (${PRIORITIES.join(', ')})`, collect)
        .option('--type <type>', `filter by type (${TICKET_TYPES.join(', ')})`, collect)
        .option('--company <id>', 'only this company')
        .option('--tag <tag>', 'only tickets with this tag')
        .option(
          '--activity <status>',
          `filter by activity status (${ACTIVITY_STATUSES.join(', ')}; repeatable or comma-separated)`,
          collect,
        )
        .option('--search <text>', 'text in the title or comments')
        .option('--sort <key>', `sort order: ${SORT_KEYS.join(', ')}`, 'created')
        .option('--limit <n>', 'at most this many tickets (1–500)', '30')
        .option('--cursor <cursor>', 'continue after the page that printed this cursor'),
    ),
  ).action((opts: ListOptions) => runList(opts, ctx));
}
