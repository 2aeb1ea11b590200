/** `desk tickets …`: one module per verb. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { makeListCommand } from './list.js';
import { makeCreateCommand } from './create.js';
import { makeShowCommand } from './show.js';
import { makeUpdateCommand } from './update.js';
import { makeCommentCommand } from './comment.js';
import { makeMergeCommand } from './merge.js';
import { makeFlagCommands } from './flags.js';
import { makeFileCommands } from './files.js';
import { makeItemsCommand } from './items.js';

export function register(program: Command, ctx: Context): void {
  const tickets = program.command('tickets').description('List, create, show and work tickets');
  makeListCommand(tickets, ctx);
  makeCreateCommand(tickets, ctx);
  makeShowCommand(tickets, ctx);
  makeUpdateCommand(tickets, ctx);
  makeCommentCommand(tickets, ctx, 'reply');
  makeCommentCommand(tickets, ctx, 'note');
  makeMergeCommand(tickets, ctx);
  makeFlagCommands(tickets, ctx);
  makeFileCommands(tickets, ctx);
  makeItemsCommand(tickets, ctx);
}
