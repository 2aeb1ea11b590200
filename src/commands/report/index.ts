/**
 * `desk report tickets|sla|chats|technicians|satisfaction|time`: figures over a range of days cut in
 * a time zone, per period or per group; charts on a terminal, tab-separated when piped, `--json`
 * (`{totals, rows}`) and `--csv` for scripts.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ReportsApi } from '../../client/api/reports.js';
import { invalid, usageError } from '../../core/errors.js';
import { isTimeZone } from '../../core/time-reports.js';
import { addDays, formatLocalDate, localDateOf, parseLocalDate } from '../../core/report-periods.js';
import { GROUPS_OF, REPORT_NAMES, type AnyReport, type ReportName } from '../../core/reports.js';
import { printJson } from '../json.js';
import { isTTY } from '../output.js';
import { localTimeZone } from '../time/parse.js';
import { SPECS } from './specs.js';
import { printCsv, printHuman, printPiped } from './render.js';
import { listLines, maskReport } from './lists.js';

export interface ReportOptions extends CommonOptions {
  from?: string;
  to?: string;
  by?: string;
  company?: string;
  queue?: string;
  tz?: string;
  csv?: boolean;
  list?: boolean;
}

const DESCRIPTIONS: Record<ReportName, string> = {
  tickets: 'Created, resolved, reopened, backlog; first response and resolution times (p50, p90, mean)',
  sla: 'SLA targets met and breached, per target and priority (--list: the breached tickets)',
  chats: 'Requests, accepted, abandoned, declined, RONA, transfers, queue wait, handle time, wrap-ups',
  technicians: 'Per technician: tickets resolved, first response, chats, RONA, tracked time',
  satisfaction: 'Ratings and their average, response rate, sentiment, the lowest-rated tickets',
  time: 'Tracked time per period or group, billable and not, and amounts',
};

/** A day flag: `YYYY-MM-DD`, `today` or `yesterday` (in the report's zone). */
function dayFlag(raw: string, flag: string, now: Date, tz: string): string {
  const v = raw.trim().toLowerCase();
  if (v === 'today' || v === 'yesterday') {
    return formatLocalDate(addDays(localDateOf(now.getTime(), tz), v === 'yesterday' ? -1 : 0));
  }
  if (!parseLocalDate(v))
    throw invalid(`${flag} must be a date such as 2026-03-14, today or yesterday, got "${raw}"`, flag);
  return v;
}

/** The query a report's flags make; bad flags fail with exit 5 before anything is sent. */
export function reportQueryOf(name: ReportName, opts: ReportOptions, ctx: Context) {
  if (opts.csv && opts.json) throw usageError('give --json or --csv, not both');
  const tz = opts.tz ?? localTimeZone(ctx.env);
  if (!isTimeZone(tz)) throw invalid(`--tz must be a time zone such as Europe/Berlin, got "${tz}"`, '--tz');
  const now = ctx.now();
  const from = opts.from === undefined ? undefined : dayFlag(opts.from, '--from', now, tz);
  const to = opts.to === undefined ? undefined : dayFlag(opts.to, '--to', now, tz);
  if (from && to && from > to) throw invalid('--from must not be after --to', '--from');
  const groups = GROUPS_OF[name];
  if (opts.by !== undefined && !(groups as readonly string[]).includes(opts.by)) {
    throw invalid(`--by must be one of ${groups.join(', ')} for the ${name} report, got "${opts.by}"`, '--by');
  }
  if (opts.queue !== undefined && name !== 'chats')
    throw invalid('--queue applies to the chats report only', '--queue');
  return {
    from,
    to,
    tz,
    by: opts.by,
    company: opts.company === undefined ? undefined : parseId(opts.company, '--company'),
    queue: opts.queue,
    list: opts.list ? true : undefined,
  };
}

export async function runReport(name: ReportName, opts: ReportOptions, ctx: Context): Promise<void> {
  const query = reportQueryOf(name, opts, ctx);
  const { client, mask } = await openSession(ctx, opts);
  const api = new ReportsApi(client);
  const report = maskReport((await api[name](query)) as AnyReport, mask);
  if (opts.json) return printJson(ctx, report);
  if (opts.csv) return printCsv(ctx, report);
  if (!isTTY(ctx)) return printPiped(ctx, report);
  printHuman(ctx, SPECS[name], report, listLines(ctx, report));
}

export function register(program: Command, ctx: Context): void {
  const report = program
    .command('report')
    .description('Reports with charts: tickets, sla, chats, technicians, satisfaction, time');
  for (const name of REPORT_NAMES) {
    const cmd = report
      .command(name)
      .description(DESCRIPTIONS[name])
      .option('--from <date>', 'first day: YYYY-MM-DD, today or yesterday (default: six days before --to)')
      .option('--to <date>', 'last day, included (default: today)')
      .option('--by <group>', `rows per ${GROUPS_OF[name].join(' | ')}`)
      .option('--company <id>', 'only this company')
      .option('--tz <zone>', 'time zone the days are cut in (default: yours)')
      .option('--csv', 'print CSV with a header of field names');
    if (name === 'chats') cmd.option('--queue <name>', 'only this chat queue');
    if (name === 'sla') cmd.option('--list', 'list the breached tickets');
    withCommon(cmd).action((opts: ReportOptions) => runReport(name, opts, ctx));
  }
}
