/** `desk time add`: a manual time entry. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { ApiClient } from '../../client/http.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TimeApi } from '../../client/api/time.js';
import { formatDuration } from '../../core/duration.js';
import { invalid } from '../../core/errors.js';
import { isTTY, say } from '../output.js';
import { printJson } from '../json.js';
import { dayFlag, durationFlag, rateFlag, technicianFlag, whenFlag } from './parse.js';
import { maskEntry } from './masked.js';

export interface SpanOptions {
  duration?: string;
  start?: string;
  end?: string;
  date?: string;
}

/**
 * The span flags as API fields. `--start`/`--end` take a date-time, or a time
 * of day on `--date` (default today); `--date` with neither starts the entry at
 * that day's local midnight.
 */
export function spanBody(
  opts: SpanOptions,
  ctx: Context,
): { startedAt?: string; endedAt?: string; durationMs?: number } {
  const now = ctx.now();
  const durationMs = opts.duration !== undefined ? durationFlag(opts.duration) : undefined;
  const day = opts.date !== undefined ? dayFlag(opts.date, now) : undefined;
  let start = opts.start !== undefined ? whenFlag(opts.start, now, '--start', day).date : undefined;
  const end = opts.end !== undefined ? whenFlag(opts.end, now, '--end', day).date : undefined;
  if (start !== undefined && end !== undefined) {
    if (end.getTime() < start.getTime()) throw invalid('--end is before --start', '--end');
    if (end.getTime() === start.getTime()) throw invalid('--start and --end are the same: the duration would be zero');
  }
  if (day !== undefined && start === undefined && end === undefined) start = day;
  return {
    startedAt: start?.toISOString(),
    endedAt: end?.toISOString(),
    durationMs,
  };
}

interface AddOptions extends CommonOptions, SpanOptions {
  technician?: string;
  rate?: string;
  billable?: boolean;
  note?: string;
  force?: boolean;
}

export async function runAdd(ticket: string, opts: AddOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(ticket, 'ticket id');
  const technician = opts.technician !== undefined ? technicianFlag(opts.technician) : undefined;
  const body = {
    ticketId,
    ...spanBody(opts, ctx),
    technicianId: typeof technician === 'number' ? technician : undefined,
    rate: opts.rate !== undefined ? rateFlag(opts.rate) : undefined,
    billable: opts.billable,
    note: opts.note,
    force: opts.force === true,
    clientId: ApiClient.clientId(),
  };
  const { client, mask } = await openSession(ctx, opts);
  const entry = maskEntry(await new TimeApi(client).addEntry(body), mask);
  if (opts.json) return printJson(ctx, entry);
  say(
    ctx,
    `Added ${formatDuration(entry.durationMs)} to #${entry.ticket.id} for ${entry.technician.name} (time entry ${entry.id})`,
  );
  if (!isTTY(ctx)) ctx.stdout.write(`${entry.id}\n`);
}

export function makeAddCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('add')
      .description('Add time to a ticket by hand (default duration: the time.default-duration setting)')
      .argument('<ticket>', 'ticket id')
      .option('--duration <duration>', 'how long: 90m, 1h30m, 1.5h or 01:30')
      .option('--start <when>', 'when it started: 2026-03-14T09:30, or 09:30 on --date (default today)')
      .option('--end <when>', 'when it ended (default: now, or start + duration)')
      .option('--date <day>', 'the day: 2026-03-14, today or yesterday')
      .option('--technician <who>', 'me (default) or a technician id (admins only)')
      .option('--rate <amount>', 'hourly rate, e.g. 90 (default: the time.default-rate setting); none for no rate')
      .option('--billable', 'billable (the default)')
      .option('--no-billable', 'not billable')
      .option('--note <text>', 'what was done')
      .option('--force', 'accept an entry over 24 hours'),
  ).action((ticket: string, opts: AddOptions) => runAdd(ticket, opts, ctx));
}
