/** `desk tickets merge SOURCE --into TARGET`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { invalid } from '../../core/errors.js';
import { maskTicket } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';

export async function runMerge(id: string, opts: CommonOptions & { into: string }, ctx: Context): Promise<void> {
  const source = parseId(id, 'ticket id');
  const into = parseId(opts.into, '--into');
  if (source === into) throw invalid('a ticket cannot be merged into itself', '--into');
  const { client, mask } = await openSession(ctx, opts);
  const res = await new TicketsApi(client).merge(source, into);
  if (opts.json) {
    return printJson(ctx, {
      source: maskTicket(res.source, mask),
      target: maskTicket(res.target, mask),
      moved: res.moved,
    });
  }
  const m = res.moved;
  say(
    ctx,
    `Merged ticket #${source} into #${into} (moved ${m.comments} comment(s), ${m.attachments} file(s), ${m.items} item(s), ${m.timeEntries} time entr${m.timeEntries === 1 ? 'y' : 'ies'}, ${m.chats} chat(s)); #${source} is closed`,
  );
}

export function makeMergeCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('merge')
      .description('Merge a ticket into another: its conversation, files, items, time and chats move; it is closed')
      .argument('<source>', 'the ticket to merge away')
      .requiredOption('--into <target>', 'the ticket that stays'),
  ).action((id: string, opts: CommonOptions & { into: string }) => runMerge(id, opts, ctx));
}
