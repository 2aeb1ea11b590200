/**
 * Moderating tickets (DESIGN §2.1): mark as spam (hidden from default lists),
 * soft delete (listed only with `deleted`) and restore.
 */
import type { TicketRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordActivity } from './activity.js';
import { visibleTicket } from './lookup.js';
import { announceUpdated, ticketView } from './views.js';
import { invalid } from '../../../core/errors.js';
import { spamInput } from '../../../core/ticket-resources.js';
import type { Ticket } from '../../../core/schemas.js';

const isDeleted = (row: TicketRow) => row.deleted_at !== null && row.deleted_at !== undefined;

export async function setSpam(store: Store, actor: Actor, id: number, raw: unknown): Promise<Ticket> {
  const { spam } = spamInput.parse(raw);
  return store.write(async (scope) => {
    const row = await visibleTicket(scope.trx, actor, id);
    if ((row.is_spam === 1) === spam) return ticketView(scope.trx, row, scope.now);
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ is_spam: spam ? 1 : 0, updated_at: scope.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'spam', spam ? 'no' : 'yes', spam ? 'yes' : 'no');
    return announceUpdated(scope, fresh, ['spam']);
  });
}

/** Soft delete: hidden from every list but `--deleted`, restorable. */
export async function deleteTicket(store: Store, actor: Actor, id: number): Promise<Ticket> {
  return store.write(async (scope) => {
    const row = await visibleTicket(scope.trx, actor, id);
    if (isDeleted(row)) throw invalid(`ticket ${id} is deleted already`);
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ deleted_at: scope.now, updated_at: scope.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'deleted', null, 'yes');
    return announceUpdated(scope, fresh, ['deleted']);
  });
}

export async function restoreTicket(store: Store, actor: Actor, id: number): Promise<Ticket> {
  return store.write(async (scope) => {
    const row = await visibleTicket(scope.trx, actor, id);
    if (!isDeleted(row)) throw invalid(`ticket ${id} is not deleted`);
    const fresh = await scope.trx
      .updateTable('tickets')
      .set({ deleted_at: null, updated_at: scope.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordActivity(scope, actor, id, 'deleted', 'yes', null);
    return announceUpdated(scope, fresh, ['restored']);
  });
}
