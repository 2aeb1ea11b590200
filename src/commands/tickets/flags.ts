/** `desk tickets spam`, `delete` and `restore`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ticketSchema } from '../../core/schemas.js';
import { maskTicket } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';

async function act(
  ctx: Context,
  opts: CommonOptions,
  id: string,
  method: 'POST' | 'DELETE',
  path: (id: number) => string,
  body: unknown,
  done: (id: number) => string,
): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  const { client, mask } = await openSession(ctx, opts);
  const ticket = await client.call(method, path(ticketId), ticketSchema, body === undefined ? {} : { body });
  if (opts.json) return printJson(ctx, maskTicket(ticket, mask));
  say(ctx, done(ticketId));
}

export function makeFlagCommands(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('spam')
      .description('Mark a ticket as spam (hidden from lists but --spam)')
      .argument('<id>', 'ticket id')
      .option('--undo', 'it is not spam after all'),
  ).action((id: string, opts: CommonOptions & { undo?: boolean }) =>
    act(
      ctx,
      opts,
      id,
      'POST',
      (t) => `/v1/tickets/${t}/spam`,
      { spam: !opts.undo },
      (t) => (opts.undo ? `Ticket #${t} is no longer marked as spam` : `Marked ticket #${t} as spam`),
    ),
  );
  withCommon(
    parent
      .command('delete')
      .description('Delete a ticket (it can be restored; listed with --deleted)')
      .argument('<id>', 'ticket id'),
  ).action((id: string, opts: CommonOptions) =>
    act(
      ctx,
      opts,
      id,
      'DELETE',
      (t) => `/v1/tickets/${t}`,
      undefined,
      (t) => `Deleted ticket #${t} (desk tickets restore ${t} undoes it)`,
    ),
  );
  withCommon(parent.command('restore').description('Restore a deleted ticket').argument('<id>', 'ticket id')).action(
    (id: string, opts: CommonOptions) =>
      act(
        ctx,
        opts,
        id,
        'POST',
        (t) => `/v1/tickets/${t}/restore`,
        undefined,
        (t) => `Restored ticket #${t}`,
      ),
  );
}
