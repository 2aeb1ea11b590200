/**
 * `desk customer rate ID 1..5 [--comment TEXT] [--chat]`: rate a resolved ticket, or with `--chat`
 * an ended chat (with or without a ticket); rating again replaces it.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { invalid } from '../../core/errors.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { parseId } from '../session.js';
import { openCustomerSession, type CustomerOptions } from './session.js';

interface RateOptions extends CustomerOptions {
  comment?: string;
  chat?: boolean;
}

export async function runRate(id: string, score: string, opts: RateOptions, ctx: Context): Promise<void> {
  const target = parseId(id, opts.chat ? 'chat id' : 'ticket id');
  if (!/^[1-5]$/.test(score.trim())) throw invalid(`the rating must be a whole number from 1 to 5, got "${score}"`);
  const { customer } = await openCustomerSession(ctx, opts);
  if (opts.chat) {
    const res = await customer.rateChat(target, Number(score), opts.comment);
    if (opts.json) return printJson(ctx, res);
    return say(ctx, `Rated chat ${res.chatId} ${res.rating}/5 — thank you`);
  }
  const res = await customer.rate(target, Number(score), opts.comment);
  if (opts.json) return printJson(ctx, res);
  say(ctx, `Rated ticket #${res.ticketId} ${res.rating}/5 — thank you`);
}

export function makeRateCommand(parent: Command, ctx: Context): void {
  parent
    .command('rate')
    .description('Rate a resolved ticket (or with --chat an ended chat) from 1 (poor) to 5 (great)')
    .argument('<id>', 'ticket id (chat id with --chat)')
    .argument('<rating>', '1 to 5')
    .option('--chat', 'the id is a chat: rate the ended chat')
    .option('--comment <text>', 'a few words about the help you got')
    .option('--profile <name>', 'customer profile (default "customer")')
    .option('--json', 'print machine-readable JSON only')
    .action((id: string, rating: string, opts: RateOptions) => runRate(id, rating, opts, ctx));
}
