/** `desk time report`: totals per ticket, technician and day; billable and not; amounts. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, withCommon, type CommonOptions } from '../session.js';
import { TimeApi } from '../../client/api/time.js';
import { usageError } from '../../core/errors.js';
import { printJson } from '../json.js';
import { localTimeZone } from './parse.js';
import { rangeQuery, type RangeOptions } from './list.js';
import { printReport, reportCsv } from './view.js';
import { maskReport } from './masked.js';

interface ReportOptions extends CommonOptions, RangeOptions {
  csv?: boolean;
}

export async function runReport(opts: ReportOptions, ctx: Context): Promise<void> {
  if (opts.csv && opts.json) throw usageError('give --json or --csv, not both');
  const query = { ...rangeQuery(opts, ctx), tz: localTimeZone(ctx.env) };
  const { client, mask } = await openSession(ctx, opts);
  const report = maskReport(await new TimeApi(client).report(query), mask);
  if (opts.json) return printJson(ctx, report);
  if (opts.csv) {
    ctx.stdout.write(reportCsv(report));
    return;
  }
  printReport(ctx, report);
}

export function makeReportCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('report')
      .description('Totals per ticket, technician and day: billable, non-billable and amount (rate × hours)')
      .option('--from <when>', 'entries starting at or after: a date (2026-03-01, today) or date-time')
      .option('--to <when>', 'entries starting before: a date counts in full')
      .option('--technician <who>', 'me or a technician id')
      .option('--ticket <id>', 'only this ticket')
      .option('--billable', 'only billable entries')
      .option('--no-billable', 'only non-billable entries')
      .option('--csv', 'print CSV: group,id,name,entries,hours,billable_hours,non_billable_hours,amount'),
  ).action((opts: ReportOptions) => runReport(opts, ctx));
}
