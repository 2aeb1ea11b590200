/**
 * Deadlines (DESIGN §3): timers stored in the database — offer timeouts,
 * customer-accept expiry, auto-ticket, SLA breach — so they survive restarts
 * and work across nodes. A deadline is one row per (kind, ref); it fires once:
 * the sweeper deletes the row and runs its handler in the same transaction.
 */
import type { WriteScope } from '../store/store.js';

export interface DeadlineSpec {
  /** What fires, e.g. `chat.offer-timeout`; selects the handler. */
  readonly kind: string;
  /** What it is about, e.g. a chat id; one deadline per kind and ref. */
  readonly ref: string;
  readonly dueAt: number;
  readonly payload?: Record<string, unknown>;
}

/** Sets (or moves) a deadline inside a write. */
export async function schedule(scope: WriteScope, spec: DeadlineSpec): Promise<void> {
  const { trx, now } = scope;
  await trx.deleteFrom('deadlines').where('kind', '=', spec.kind).where('ref', '=', spec.ref).execute();
  await trx
    .insertInto('deadlines')
    .values({
      kind: spec.kind,
      ref: spec.ref,
      due_at: spec.dueAt,
      payload: JSON.stringify(spec.payload ?? {}),
      created_at: now,
    })
    .execute();
  scope.deadlineSet(spec.dueAt);
}

/** Removes a deadline inside a write (e.g. the offer was accepted in time). */
export async function cancel(scope: WriteScope, kind: string, ref: string): Promise<void> {
  await scope.trx.deleteFrom('deadlines').where('kind', '=', kind).where('ref', '=', ref).execute();
}
