/** `desk time list`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TimeApi } from '../../client/api/time.js';
import { invalid } from '../../core/errors.js';
import { isTTY } from '../output.js';
import { printJson } from '../json.js';
import { rangeEnd, technicianFlag, whenFlag } from './parse.js';
import { printEntries, totalsLine } from './view.js';
import { maskEntry } from './masked.js';

export interface RangeOptions {
  ticket?: string;
  technician?: string;
  from?: string;
  to?: string;
  billable?: boolean;
}

/** Filters shared by list and report: `--from` inclusive, `--to` exclusive (a day counts in full). */
export function rangeQuery(opts: RangeOptions, ctx: Context): Record<string, string | number | boolean | undefined> {
  const now = ctx.now();
  const from = opts.from !== undefined ? whenFlag(opts.from, now, '--from').date : undefined;
  const to = opts.to !== undefined ? rangeEnd(whenFlag(opts.to, now, '--to')) : undefined;
  if (from && to && to.getTime() <= from.getTime()) throw invalid('--to must be after --from', '--to');
  return {
    ticket: opts.ticket !== undefined ? parseId(opts.ticket, '--ticket') : undefined,
    technician: opts.technician !== undefined ? technicianFlag(opts.technician) : undefined,
    from: from?.toISOString(),
    to: to?.toISOString(),
    billable: opts.billable,
  };
}

interface ListOptions extends CommonOptions, RangeOptions {
  limit?: string;
  cursor?: string;
}

export async function runList(opts: ListOptions, ctx: Context): Promise<void> {
  const limit = opts.limit === undefined ? 100 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw invalid('--limit must be a whole number from 1 to 1000');
  }
  const query = { ...rangeQuery(opts, ctx), limit, cursor: opts.cursor };
  const { client, mask } = await openSession(ctx, opts);
  const page = await new TimeApi(client).entries(query);
  const items = page.items.map((e) => maskEntry(e, mask));
  if (opts.json) return printJson(ctx, { ...page, items });
  if (items.length === 0) {
    if (isTTY(ctx)) ctx.stderr.write('No time entries match.\n');
    return;
  }
  printEntries(ctx, items);
  if (isTTY(ctx)) {
    ctx.stdout.write(`\nTotal: ${totalsLine(page.totals)}\n`);
    if (page.nextCursor) ctx.stderr.write(`More: --cursor ${page.nextCursor}\n`);
  }
}

export function makeListCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('list')
      .description('List time entries, newest first, with totals')
      .option('--ticket <id>', 'only this ticket')
      .option('--technician <who>', 'me or a technician id')
      .option('--from <when>', 'entries starting at or after: a date (2026-03-01, today) or date-time')
      .option('--to <when>', 'entries starting before: a date counts in full')
      .option('--billable', 'only billable entries')
      .option('--no-billable', 'only non-billable entries')
      .option('--limit <n>', 'at most this many entries (1–1000)', '100')
      .option('--cursor <cursor>', 'continue after the page that printed this cursor'),
  ).action((opts: ListOptions) => runList(opts, ctx));
}
