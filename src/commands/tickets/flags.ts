/** `desk tickets spam`, `delete` and `restore`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TicketsApi } from '../../client/api/tickets.js';
import type { Ticket } from '../../core/schemas.js';
import { maskTicket } from './masked.js';
import { say } from '../output.js';
import { printJson } from '../json.js';

async function act(
  ctx: Context,
  opts: CommonOptions,
  id: string,
  send: (tickets: TicketsApi, id: number) => Promise<Ticket>,
  done: (id: number) => string,
): Promise<void> {
  const ticketId = parseId(id, 'ticket id');
  const { client, mask } = await openSession(ctx, opts);
  const ticket = await send(new TicketsApi(client), ticketId);
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
      (tickets, t) => tickets.markSpam(t, !opts.undo),
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
      (tickets, t) => tickets.remove(t),
      (t) => `Deleted ticket #${t} (desk tickets restore ${t} undoes it)`,
    ),
  );
  withCommon(parent.command('restore').description('Restore a deleted ticket').argument('<id>', 'ticket id')).action(
    (id: string, opts: CommonOptions) =>
      act(
        ctx,
        opts,
        id,
        (tickets, t) => tickets.restore(t),
        (t) => `Restored ticket #${t}`,
      ),
  );
}
