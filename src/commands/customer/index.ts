/** `desk customer …`: the customer's client — log in with a one-time code, chat, leave or rate a ticket. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { makeLoginCommands } from './login.js';
import { makeChatCommand } from './chat.js';
import { makeTicketCommand } from './ticket.js';
import { makeRateCommand } from './rate.js';
import { makeDownloadCommand } from './download.js';
import { makeJoinCommand } from './join.js';

export function register(program: Command, ctx: Context): void {
  const customer = program
    .command('customer')
    .description("The customer's side: log in with a one-time code, chat with the helpdesk, leave a ticket");
  makeLoginCommands(customer, ctx);
  makeChatCommand(customer, ctx);
  makeTicketCommand(customer, ctx);
  makeRateCommand(customer, ctx);
  makeDownloadCommand(customer, ctx);
  makeJoinCommand(customer, ctx);
}
