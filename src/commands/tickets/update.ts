/** `desk tickets update`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, collect, type CommonOptions } from '../session.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { PeopleApi } from '../../client/api/people.js';
import { ACTIVITY_STATUSES, IMPACTS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../core/tickets.js';
import { usageError } from '../../core/errors.js';
import { assigneeFlag, enumFlag } from './parse.js';
import { fieldFlags, statusFlag } from './property-flags.js';
import { maskTicket } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';

interface UpdateOptions extends CommonOptions {
  status?: string;
  type?: string;
  priority?: string;
  impact?: string;
  activity?: string;
  assign?: string;
  requester?: string;
  title?: string;
  tag?: string[];
  untag?: string[];
  productFamily?: string;
  field?: string[];
}

/** `--requester`: a contact id, or `none` to clear it. */
function requesterFlag(value: string): number | null {
  return value.trim().toLowerCase() === 'none' ? null : parseId(value, '--requester');
}

export async function runUpdate(id: string, opts: UpdateOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  const assign = opts.assign !== undefined ? assigneeFlag(opts.assign) : undefined;
  const body = {
    ...(opts.status !== undefined ? statusFlag(opts.status) : {}),
    type: opts.type !== undefined ? enumFlag(TICKET_TYPES, opts.type, '--type') : undefined,
    priority: opts.priority !== undefined ? enumFlag(PRIORITIES, opts.priority, '--priority') : undefined,
    impact: opts.impact !== undefined ? enumFlag(IMPACTS, opts.impact, '--impact') : undefined,
    activityStatus: opts.activity !== undefined ? enumFlag(ACTIVITY_STATUSES, opts.activity, '--activity') : undefined,
    requesterId: opts.requester === undefined ? undefined : requesterFlag(opts.requester),
    title: opts.title,
    addTags: opts.tag,
    removeTags: opts.untag,
    productFamily: opts.productFamily,
    fields: fieldFlags(opts.field),
  };
  if (assign === undefined && Object.values(body).every((v) => v === undefined)) {
    throw usageError(
      'nothing to change',
      'add --status, --type, --priority, --impact, --assign, --requester, --title, --tag, --untag, --product-family or --field',
    );
  }
  const { client, mask } = await openSession(ctx, opts);
  let assigneeId: number | null | undefined;
  if (assign === 'me') assigneeId = (await new PeopleApi(client).me()).technician.id;
  else if (assign === 'none') assigneeId = null;
  else assigneeId = assign;
  const ticket = await new TicketsApi(client).update(ticketId, { ...body, assigneeId });
  if (opts.json) return printJson(ctx, maskTicket(ticket, mask));
  say(ctx, `Updated ticket #${ticket.id}`);
}

export function makeUpdateCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('update')
      .description('Change a ticket')
      .argument('<id>', 'ticket id')
      .option('--status <status>', `${TICKET_STATUSES.join(', ')} or a custom status`)
      .option('--type <type>', TICKET_TYPES.join(', '))
      .option('--priority <priority>', PRIORITIES.join(', '))
      .option('--impact <impact>', IMPACTS.join(', '))
      .option('--activity <status>', `override the activity status (${ACTIVITY_STATUSES.join(', ')})`)
      .option('--assign <who>', 'me, none or a technician id')
      .option('--requester <contact>', "a contact id of the ticket's company, or none")
      .option('--title <text>', 'new title')
      .option('--tag <tag>', 'add a tag (repeatable)', collect)
      .option('--untag <tag>', 'remove a tag (repeatable)', collect)
      .option('--product-family <name>', 'set the product family ("" clears it)')
      .option('--field <name=value>', 'set a custom field; an empty value clears it (repeatable)', collect),
  ).action((id: string, opts: UpdateOptions) => runUpdate(id, opts, ctx));
}
