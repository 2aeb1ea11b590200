/**
 * SLA policies (DESIGN §2.1): per-priority targets for first response and
 * resolution, set by an admin. A ticket takes the targets of its priority when
 * it is created or its priority changes; later policy changes do not move the
 * clocks of existing tickets. Clocks run 24×7 (no business hours).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { forbidden, notFound } from '../../../core/errors.js';
import { slaPolicyInput, type SlaPolicy } from '../../../core/ticket-resources.js';
import { PRIORITIES, parseEnum, type Priority } from '../../../core/tickets.js';
import type { SlaTargets } from '../../../core/sla.js';

function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw forbidden('only an admin can change SLA targets');
}

type PolicyRow = { priority: string; response_ms: number | null; resolution_ms: number | null; updated_at: number };

function view(r: PolicyRow): SlaPolicy {
  return {
    priority: r.priority as Priority,
    responseMs: r.response_ms === null ? null : Number(r.response_ms),
    resolutionMs: r.resolution_ms === null ? null : Number(r.resolution_ms),
    updatedAt: iso(r.updated_at),
  };
}

export async function listSlaPolicies(db: Kysely<Database>): Promise<SlaPolicy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().execute();
  return rows.map(view).sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority));
}

/** Sets the targets of one priority; a target left out keeps its current value. */
export async function setSlaPolicy(store: Store, actor: Actor, raw: unknown): Promise<SlaPolicy> {
  requireAdmin(actor);
  const input = slaPolicyInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    const existing = await trx
      .selectFrom('sla_policies')
      .selectAll()
      .where('priority', '=', input.priority)
      .executeTakeFirst();
    let row: PolicyRow;
    if (existing) {
      row = await trx
        .updateTable('sla_policies')
        .set({
          response_ms: input.responseMs ?? existing.response_ms,
          resolution_ms: input.resolutionMs ?? existing.resolution_ms,
          updated_at: now,
        })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      row = await trx
        .insertInto('sla_policies')
        .values({
          priority: input.priority,
          response_ms: input.responseMs ?? null,
          resolution_ms: input.resolutionMs ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const policy = view(row);
    emit({ type: 'sla.policy-set', companyId: null, data: { policy } });
    return policy;
  });
}

export async function removeSlaPolicy(store: Store, actor: Actor, rawPriority: string): Promise<{ removed: true }> {
  requireAdmin(actor);
  const priority = parseEnum(PRIORITIES, rawPriority);
  if (!priority) throw notFound(`SLA policy for priority "${rawPriority}"`);
  return store.write(async ({ trx, emit }) => {
    const res = await trx.deleteFrom('sla_policies').where('priority', '=', priority).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound(`SLA policy for priority ${priority}`);
    emit({ type: 'sla.policy-removed', companyId: null, data: { priority } });
    return { removed: true as const };
  });
}

/** The targets for a priority now, or null when it has no policy. */
export async function targetsFor(db: Kysely<Database>, priority: string): Promise<SlaTargets | null> {
  const row = await db.selectFrom('sla_policies').selectAll().where('priority', '=', priority).executeTakeFirst();
  if (!row) return null;
  return {
    responseMs: row.response_ms === null ? null : Number(row.response_ms),
    resolutionMs: row.resolution_ms === null ? null : Number(row.resolution_ms),
  };
}
