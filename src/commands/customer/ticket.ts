/** `desk customer ticket --title TEXT --message TEXT`: leave a ticket instead of chatting. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { ApiClient } from '../../client/http.js';
import { invalid } from '../../core/errors.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { openCustomerSession, type CustomerOptions } from './session.js';

interface TicketOptions extends CustomerOptions {
  title: string;
  message: string;
}

export async function runCustomerTicket(opts: TicketOptions, ctx: Context): Promise<void> {
  if (opts.title.trim() === '' || opts.title.length > 300) throw invalid('--title must be 1 to 300 characters');
  if (opts.message.trim() === '') throw invalid('--message must not be empty');
  const { customer } = await openCustomerSession(ctx, opts);
  const res = await customer.openTicket(opts.title, opts.message, ApiClient.clientId());
  if (opts.json) return printJson(ctx, res);
  say(ctx, `Opened ticket #${res.ticketId}: ${res.title}`);
  if (!ctx.stdout.isTTY) ctx.stdout.write(`${res.ticketId}\n`);
}

export function makeTicketCommand(parent: Command, ctx: Context): void {
  parent
    .command('ticket')
    .description('Leave a ticket for the helpdesk instead of chatting')
    .requiredOption('--title <text>', 'what it is about')
    .requiredOption('--message <text>', 'the details')
    .option('--profile <name>', 'customer profile (default "customer")')
    .option('--json', 'print machine-readable JSON only')
    .action((opts: TicketOptions) => runCustomerTicket(opts, ctx));
}
