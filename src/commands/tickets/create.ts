/** `desk tickets create`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, collect, type CommonOptions } from '../session.js';
import { ApiClient } from '../../client/http.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { PeopleApi } from '../../client/api/people.js';
import { IMPACTS, PRIORITIES, TICKET_TYPES } from '../../core/tickets.js';
import { assigneeFlag, enumFlag, messageText } from './parse.js';
import { fieldFlags } from './property-flags.js';
import { maskTicket } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { invalid } from '../../core/errors.js';

interface CreateOptions extends CommonOptions {
  title: string;
  company: string;
  requester?: string;
  priority?: string;
  type?: string;
  impact?: string;
  assign?: string;
  tag?: string[];
  message?: string;
  productFamily?: string;
  field?: string[];
}

export async function runCreate(opts: CreateOptions, ctx: Context): Promise<void> {
  const assign = opts.assign !== undefined ? assigneeFlag(opts.assign) : undefined;
  if (assign === 'none') throw invalid('--assign none makes no sense on create; leave it out');
  const body = {
    title: opts.title,
    companyId: parseId(opts.company, '--company'),
    requesterId: opts.requester !== undefined ? parseId(opts.requester, '--requester') : undefined,
    priority: opts.priority !== undefined ? enumFlag(PRIORITIES, opts.priority, '--priority') : undefined,
    type: opts.type !== undefined ? enumFlag(TICKET_TYPES, opts.type, '--type') : undefined,
    impact: opts.impact !== undefined ? enumFlag(IMPACTS, opts.impact, '--impact') : undefined,
    tags: opts.tag ?? [],
    message: opts.message !== undefined ? await messageText(opts.message, ctx) : undefined,
    clientId: ApiClient.clientId(),
    productFamily: opts.productFamily,
    fields: fieldFlags(opts.field),
  };
  const { client, mask } = await openSession(ctx, opts);
  let assigneeId: number | undefined;
  if (assign === 'me') {
    assigneeId = (await new PeopleApi(client).me()).technician.id;
  } else if (typeof assign === 'number') assigneeId = assign;
  const ticket = await new TicketsApi(client).create({ ...body, assigneeId });
  const shown = maskTicket(ticket, mask);
  if (opts.json) return printJson(ctx, shown);
  say(ctx, `Created ticket #${ticket.id}`);
  if (!ctx.stdout.isTTY) ctx.stdout.write(`${ticket.id}\n`);
}

export function makeCreateCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('create')
      .description('Open a new ticket')
      .requiredOption('--title <text>', 'short summary')
      .requiredOption('--company <id>', 'company the ticket belongs to')
      .option('--requester <contactId>', 'the contact who asked')
      .option('--priority <priority>', `${PRIORITIES.join(', ')} (default medium)`)
      .option('--type <type>', `${TICKET_TYPES.join(', ')} (default incident)`)
      .option('--impact <impact>', `${IMPACTS.join(', ')} (default none)`)
      .option('--assign <who>', 'me or a technician id')
      .option('--tag <tag>', 'add a tag (repeatable)', collect)
      .option('--message <text>', 'first internal note; - reads standard input')
      .option('--product-family <name>', 'the product family')
      .option('--field <name=value>', 'set a custom field (repeatable)', collect),
  ).action((opts: CreateOptions) => runCreate(opts, ctx));
}
