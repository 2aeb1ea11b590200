/** Products and expenses on a ticket (DESIGN §2.1): add, list with totals, remove; each in the activity log. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { ticketInScope } from './lookup.js';
import { recordActivity } from './activity.js';
import { iso } from '../../iso-time.js';
import { invalid, notFound } from '../../../core/errors.js';
import { itemInput, type Item } from '../../../core/ticket-resources.js';
import {
  formatCents,
  formatQuantity,
  lineTotalCents,
  parsePrice,
  parseQuantity,
  type ItemKind,
} from '../../../core/items.js';

type Row = {
  id: number;
  ticket_id: number;
  kind: string;
  name: string;
  quantity_milli: number;
  unit_price_cents: number;
  created_by_id: number;
  creator_name: string;
  created_at: number;
};

function view(r: Row): Item {
  const q = Number(r.quantity_milli);
  const p = Number(r.unit_price_cents);
  return {
    id: r.id,
    ticketId: Number(r.ticket_id),
    kind: r.kind as ItemKind,
    name: r.name,
    quantity: formatQuantity(q),
    unitPrice: formatCents(p),
    total: formatCents(lineTotalCents(q, p)),
    createdBy: { id: Number(r.created_by_id), name: r.creator_name },
    createdAt: iso(r.created_at),
  };
}

function rows(db: Kysely<Database>) {
  return db
    .selectFrom('ticket_items')
    .innerJoin('technicians', 'technicians.id', 'ticket_items.created_by_id')
    .select([
      'ticket_items.id',
      'ticket_items.ticket_id',
      'ticket_items.kind',
      'ticket_items.name',
      'ticket_items.quantity_milli',
      'ticket_items.unit_price_cents',
      'ticket_items.created_by_id',
      'technicians.name as creator_name',
      'ticket_items.created_at',
    ]);
}

export async function addItem(store: Store, actor: Actor, ticketId: number, raw: unknown): Promise<Item> {
  const input = itemInput.parse(raw);
  const quantity = parseQuantity(input.quantity);
  if (quantity === undefined)
    throw invalid(`quantity must be a number above 0 with at most 3 decimals, got "${input.quantity}"`, 'quantity');
  const price = parsePrice(input.unitPrice);
  if (price === undefined)
    throw invalid(`unit price must be an amount with at most 2 decimals, got "${input.unitPrice}"`, 'unitPrice');
  return store.write(async (scope) => {
    const ticket = await ticketInScope(scope.trx, actor, ticketId);
    const row = await scope.trx
      .insertInto('ticket_items')
      .values({
        ticket_id: ticketId,
        kind: input.kind,
        name: input.name,
        quantity_milli: quantity,
        unit_price_cents: price,
        created_by_id: actor.id,
        created_at: scope.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = view({
      id: row.id,
      ticket_id: ticketId,
      kind: input.kind,
      name: input.name,
      quantity_milli: quantity,
      unit_price_cents: price,
      created_by_id: actor.id,
      creator_name: actor.name,
      created_at: scope.now,
    });
    await recordActivity(
      scope,
      actor,
      ticketId,
      input.kind,
      null,
      `${item.quantity} × ${input.name} @ ${item.unitPrice}`,
    );
    scope.emit({ type: 'ticket.item-added', companyId: ticket.company_id, data: { item } });
    return item;
  });
}

export async function listItems(db: Kysely<Database>, actor: Actor, ticketId: number) {
  await ticketInScope(db, actor, ticketId);
  const list = (await rows(db).where('ticket_items.ticket_id', '=', ticketId).orderBy('ticket_items.id').execute()).map(
    (r) => ({ r, item: view(r) }),
  );
  const sum = (kind?: ItemKind) =>
    formatCents(
      list
        .filter((x) => kind === undefined || x.r.kind === kind)
        .reduce((acc, x) => acc + lineTotalCents(Number(x.r.quantity_milli), Number(x.r.unit_price_cents)), 0),
    );
  return { items: list.map((x) => x.item), totals: { product: sum('product'), expense: sum('expense'), all: sum() } };
}

export async function removeItem(
  store: Store,
  actor: Actor,
  ticketId: number,
  itemId: number,
): Promise<{ removed: true }> {
  return store.write(async (scope) => {
    const ticket = await ticketInScope(scope.trx, actor, ticketId);
    const row = await rows(scope.trx)
      .where('ticket_items.id', '=', itemId)
      .where('ticket_items.ticket_id', '=', ticketId)
      .executeTakeFirst();
    if (!row) throw notFound(`item ${itemId} of ticket ${ticketId}`);
    await scope.trx.deleteFrom('ticket_items').where('id', '=', itemId).execute();
    const item = view(row);
    await recordActivity(
      scope,
      actor,
      ticketId,
      item.kind,
      `${item.quantity} × ${item.name} @ ${item.unitPrice}`,
      null,
    );
    scope.emit({ type: 'ticket.item-removed', companyId: ticket.company_id, data: { ticketId, itemId } });
    return { removed: true as const };
  });
}
