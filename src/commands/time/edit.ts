/** `desk time edit` and `desk time rm`: change or delete an entry (its owner or an admin). */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TimeApi } from '../../client/api/time.js';
import { PeopleApi } from '../../client/api/people.js';
import { formatDuration } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { rateFlag, technicianFlag } from './parse.js';
import { spanBody, type SpanOptions } from './add.js';
import { maskEntry } from './masked.js';

interface EditOptions extends CommonOptions, SpanOptions {
  ticket?: string;
  technician?: string;
  rate?: string;
  billable?: boolean;
  note?: string;
  force?: boolean;
}

export async function runEdit(id: string, opts: EditOptions, ctx: Context): Promise<void> {
  const entryId = parseId(id, 'time entry id');
  const span = spanBody(opts, ctx);
  const technician = opts.technician !== undefined ? technicianFlag(opts.technician) : undefined;
  const body = {
    ticketId: opts.ticket !== undefined ? parseId(opts.ticket, '--ticket') : undefined,
    ...span,
    rate: opts.rate !== undefined ? rateFlag(opts.rate) : undefined,
    billable: opts.billable,
    note: opts.note === undefined ? undefined : opts.note.trim() === '' ? null : opts.note,
  };
  if (technician === undefined && Object.values(body).every((v) => v === undefined)) {
    throw usageError(
      'nothing to change',
      'add --duration, --start, --end, --date, --ticket, --technician, --rate, --billable/--no-billable or --note',
    );
  }
  const { client, mask } = await openSession(ctx, opts);
  let technicianId: number | undefined;
  if (technician === 'me') {
    technicianId = (await new PeopleApi(client).me()).technician.id;
  } else technicianId = technician;
  const entry = maskEntry(
    await new TimeApi(client).editEntry(entryId, { ...body, technicianId, force: opts.force === true }),
    mask,
  );
  if (opts.json) return printJson(ctx, entry);
  say(ctx, `Updated time entry ${entry.id}: ${formatDuration(entry.durationMs)} on #${entry.ticket.id}`);
}

export async function runRemove(id: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const entryId = parseId(id, 'time entry id');
  const { client, mask } = await openSession(ctx, opts);
  const res = await new TimeApi(client).removeEntry(entryId);
  if (opts.json) return printJson(ctx, { ...res, entry: maskEntry(res.entry, mask) });
  say(ctx, `Deleted time entry ${entryId} (${formatDuration(res.entry.durationMs)} on #${res.entry.ticket.id})`);
}

export function makeEditCommands(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('edit')
      .description('Change a time entry (yours, or any as an admin)')
      .argument('<entry>', 'time entry id')
      .option('--duration <duration>', 'new duration (keeps the start): 90m, 1h30m, 1.5h or 01:30')
      .option('--start <when>', 'new start (keeps the duration unless --end is given)')
      .option('--end <when>', 'new end')
      .option('--date <day>', 'the day for --start/--end given as times of day')
      .option('--ticket <id>', 'move it to another ticket')
      .option('--technician <who>', 'me or a technician id (admins only)')
      .option('--rate <amount>', 'hourly rate, e.g. 90; none for no rate')
      .option('--billable', 'make it billable')
      .option('--no-billable', 'make it non-billable')
      .option('--note <text>', 'new note ("" clears it)')
      .option('--force', 'accept an entry over 24 hours'),
  ).action((id: string, opts: EditOptions) => runEdit(id, opts, ctx));
  withCommon(
    parent
      .command('rm')
      .alias('delete')
      .description('Delete a time entry (yours, or any as an admin)')
      .argument('<entry>'),
  ).action((id: string, opts: CommonOptions) => runRemove(id, opts, ctx));
}
