/** `desk tickets …`: one module per verb, imported when that verb runs. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { registerVerbs, type VerbLoader } from '../verbs.js';

const flags: VerbLoader = () => import('./flags.js').then((m) => m.makeFlagCommands);
const files: VerbLoader = () => import('./files.js').then((m) => m.makeFileCommands);

const verbs: Record<string, VerbLoader> = {
  list: () => import('./list.js').then((m) => m.makeListCommand),
  create: () => import('./create.js').then((m) => m.makeCreateCommand),
  show: () => import('./show.js').then((m) => m.makeShowCommand),
  update: () => import('./update.js').then((m) => m.makeUpdateCommand),
  reply: () => import('./comment.js').then((m) => (parent, ctx) => m.makeCommentCommand(parent, ctx, 'reply')),
  note: () => import('./comment.js').then((m) => (parent, ctx) => m.makeCommentCommand(parent, ctx, 'note')),
  merge: () => import('./merge.js').then((m) => m.makeMergeCommand),
  spam: flags,
  delete: flags,
  restore: flags,
  attachments: files,
  download: files,
  items: () => import('./items.js').then((m) => m.makeItemsCommand),
};

export async function register(program: Command, ctx: Context, args: readonly string[]): Promise<void> {
  const tickets = program.command('tickets').description('List, create, show and work tickets');
  await registerVerbs(tickets, ctx, verbs, args);
}
