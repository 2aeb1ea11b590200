/** The ticket filters of `desk tickets list`, turned into query parameters. */
import type { Command } from 'commander';
import { collect } from '../session.js';
import { invalid } from '../../core/errors.js';
import { TICKET_STATUSES, parseEnum } from '../../core/tickets.js';
import { fieldFlags, sentimentFlag } from './property-flags.js';

export interface ListFilterOptions {
  status?: string[];
  deleted?: boolean;
  spam?: boolean;
  breached?: boolean;
  sentiment?: string[];
  field?: string[];
  productFamily?: string;
}

export function withListFilterOptions(cmd: Command): Command {
  return cmd
    .option('--breached', 'only tickets with a breached SLA target')
    .option('--spam', 'only tickets marked as spam (hidden otherwise)')
    .option('--deleted', 'only deleted tickets (hidden otherwise), whatever their status')
    .option('--sentiment <s>', 'positive, neutral or negative; repeatable or comma-separated', collect)
    .option('--field <name=value>', 'only tickets whose custom field has this value (repeatable)', collect)
    .option('--product-family <name>', 'only this product family');
}

/**
 * Splits `--status` into built-in statuses and at most one custom status, and
 * builds the filter parameters. A custom status alone, `--spam` or `--deleted`
 * look at every status unless `--status` narrows it.
 */
export function listFilterQuery(opts: ListFilterOptions): {
  builtInStatuses: string[] | undefined;
  params: Record<string, string | undefined>;
} {
  const raws = (opts.status ?? []).flatMap((s) => s.split(',')).filter((s) => s.trim());
  const builtIn = raws.filter((s) => s.trim().toLowerCase() === 'all' || parseEnum(TICKET_STATUSES, s));
  const custom = raws.filter((s) => !builtIn.includes(s)).map((s) => s.trim());
  if (custom.length > 1) throw invalid('give at most one custom status to --status', '--status');
  const fields = fieldFlags(opts.field);
  const everything = builtIn.length === 0 && (custom.length > 0 || opts.spam || opts.deleted);
  return {
    builtInStatuses: everything ? ['all'] : builtIn.length ? builtIn : undefined,
    params: {
      customStatus: custom[0],
      spam: opts.spam ? 'true' : undefined,
      deleted: opts.deleted ? 'true' : undefined,
      breached: opts.breached ? 'true' : undefined,
      sentiment: opts.sentiment ? sentimentFlag(opts.sentiment).join(',') : undefined,
      fields: fields ? JSON.stringify(fields) : undefined,
      productFamily: opts.productFamily,
    },
  };
}
