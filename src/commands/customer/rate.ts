/** `desk customer rate TICKET 1..5 [--comment TEXT]`: rate a resolved ticket (rating again replaces it). */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { invalid } from '../../core/errors.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { parseId } from '../session.js';
import { openCustomerSession, type CustomerOptions } from './session.js';

interface RateOptions extends CustomerOptions {
  comment?: string;
}

export async function runRate(ticket: string, score: string, opts: RateOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(ticket, 'ticket id');
  if (!/^[1-5]$/.test(score.trim())) throw invalid(`the rating must be a whole number from 1 to 5, got "${score}"`);
  const { customer } = await openCustomerSession(ctx, opts);
  const res = await customer.rate(ticketId, Number(score), opts.comment);
  if (opts.json) return printJson(ctx, res);
  say(ctx, `Rated ticket #${res.ticketId} ${res.rating}/5 — thank you`);
}

export function makeRateCommand(parent: Command, ctx: Context): void {
  parent
    .command('rate')
    .description('Rate a resolved ticket from 1 (poor) to 5 (great)')
    .argument('<ticket>', 'ticket id')
    .argument('<rating>', '1 to 5')
    .option('--comment <text>', 'a few words about the help you got')
    .option('--profile <name>', 'customer profile (default "customer")')
    .option('--json', 'print machine-readable JSON only')
    .action((ticket: string, rating: string, opts: RateOptions) => runRate(ticket, rating, opts, ctx));
}
