/** `desk tickets show`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ticketDetailSchema } from '../../core/schemas.js';
import { maskDetail, printTicketDetail } from './view.js';
import { printJson } from '../output.js';

export async function runShow(id: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  const { client, mask } = await openSession(ctx, opts);
  const detail = maskDetail(await client.call('GET', `/v1/tickets/${ticketId}`, ticketDetailSchema), mask);
  if (opts.json) return printJson(ctx, detail);
  printTicketDetail(ctx, detail);
}

export function makeShowCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('show')
      .description('Show a ticket with its conversation and activity log')
      .argument('<id>', 'ticket id'),
  ).action((id: string, opts: CommonOptions) => runShow(id, opts, ctx));
}
