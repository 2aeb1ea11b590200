/** `desk tickets show`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { invalid } from '../../core/errors.js';
import { printTicketDetail } from './view.js';
import { maskDetail } from './masked.js';
import { printJson } from '../json.js';
import { runWatch } from './watch.js';

interface ShowOptions extends CommonOptions {
  order?: string;
  only?: string;
  watch?: boolean;
}

function showQuery(opts: ShowOptions): Record<string, string | undefined> {
  const order = opts.order?.trim().toLowerCase();
  if (order !== undefined && order !== 'oldest' && order !== 'newest') {
    throw invalid(`unknown --order "${opts.order}" (valid: oldest, newest)`, '--order');
  }
  const only = opts.only?.trim().toLowerCase();
  if (only !== undefined && only !== 'public' && only !== 'internal') {
    throw invalid(`unknown --only "${opts.only}" (valid: public, internal)`, '--only');
  }
  return { order, only };
}

export async function runShow(id: string, opts: ShowOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  const query = showQuery(opts);
  const session = await openSession(ctx, opts);
  if (opts.watch) return runWatch(ctx, opts, session, ticketId, query);
  const detail = maskDetail(await new TicketsApi(session.client).get(ticketId, query), session.mask);
  if (opts.json) return printJson(ctx, detail);
  printTicketDetail(ctx, detail);
}

export function makeShowCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('show')
      .description('Show a ticket with its conversation and activity log')
      .argument('<id>', 'ticket id')
      .option('--order <order>', 'conversation order: oldest (default) or newest first')
      .option('--only <kind>', 'only public replies or internal notes: public, internal')
      .option('--watch', 'show that you are viewing it and stream its changes until Ctrl-C'),
  ).action((id: string, opts: ShowOptions) => runShow(id, opts, ctx));
}
