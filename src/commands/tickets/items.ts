/** `desk tickets items add|list|rm`: products and expenses on a ticket. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { TicketsApi } from '../../client/api/tickets.js';
import { ITEM_KINDS, parsePrice, parseQuantity } from '../../core/items.js';
import { invalid } from '../../core/errors.js';
import { enumFlag } from './parse.js';
import { printTable, say } from '../output.js';
import { printJson } from '../json.js';

interface AddOptions extends CommonOptions {
  kind: string;
  name: string;
  quantity: string;
  unitPrice: string;
}

export function makeItemsCommand(parent: Command, ctx: Context): void {
  const items = parent.command('items').description('Products and expenses on a ticket');
  withCommon(
    items
      .command('add')
      .description('Add a product or expense')
      .argument('<id>', 'ticket id')
      .requiredOption('--kind <kind>', ITEM_KINDS.join(' or '))
      .requiredOption('--name <name>', 'what it is')
      .option('--quantity <n>', 'how many (decimals allowed)', '1')
      .requiredOption('--unit-price <amount>', 'price of one, e.g. 12.50'),
  ).action(async (id: string, opts: AddOptions) => {
    const ticketId = parseId(id, 'ticket id');
    const kind = enumFlag(ITEM_KINDS, opts.kind, '--kind');
    if (opts.name.trim() === '') throw invalid('--name must not be empty', '--name');
    if (parseQuantity(opts.quantity) === undefined) {
      throw invalid(
        `--quantity must be a number above 0 with at most 3 decimals, got "${opts.quantity}"`,
        '--quantity',
      );
    }
    if (parsePrice(opts.unitPrice) === undefined) {
      throw invalid(`--unit-price must be an amount with at most 2 decimals, got "${opts.unitPrice}"`, '--unit-price');
    }
    const { client } = await openSession(ctx, opts);
    const item = await new TicketsApi(client).addItem(ticketId, {
      kind,
      name: opts.name,
      quantity: opts.quantity,
      unitPrice: opts.unitPrice,
    });
    if (opts.json) return printJson(ctx, item);
    say(ctx, `Added ${item.kind} ${item.id} to ticket #${ticketId}: ${item.quantity} × ${item.name} = ${item.total}`);
  });
  withCommon(
    items.command('list').description('List products and expenses with totals').argument('<id>', 'ticket id'),
  ).action(async (id: string, opts: CommonOptions) => {
    const ticketId = parseId(id, 'ticket id');
    const { client } = await openSession(ctx, opts);
    const res = await new TicketsApi(client).items(ticketId);
    if (opts.json) return printJson(ctx, res);
    printTable(
      ctx,
      [
        { header: 'ID' },
        { header: 'KIND' },
        { header: 'NAME', max: 40 },
        { header: 'QTY' },
        { header: 'UNIT' },
        { header: 'TOTAL' },
      ],
      res.items.map((i) => [String(i.id), i.kind, i.name, i.quantity, i.unitPrice, i.total]),
    );
    if (ctx.stdout.isTTY) {
      ctx.stdout.write(`products ${res.totals.product} · expenses ${res.totals.expense} · total ${res.totals.all}\n`);
    }
  });
  withCommon(
    items
      .command('rm')
      .description('Remove a product or expense')
      .argument('<id>', 'ticket id')
      .argument('<itemId>', 'item id'),
  ).action(async (id: string, itemRaw: string, opts: CommonOptions) => {
    const ticketId = parseId(id, 'ticket id');
    const itemId = parseId(itemRaw, 'item id');
    const { client } = await openSession(ctx, opts);
    const res = await new TicketsApi(client).removeItem(ticketId, itemId);
    if (opts.json) return printJson(ctx, { id: itemId, ...res });
    say(ctx, `Removed item ${itemId} from ticket #${ticketId}`);
  });
}
