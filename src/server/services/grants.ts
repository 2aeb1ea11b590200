/**
 * Taking a company away from a technician. The grant goes at once: their next request no longer
 * sees the company, and their open event streams, on every node, stop carrying its events from the
 * `grant.revoked` event on.
 */
import type { Store } from '../store/store.js';
import type { Actor } from './actor.js';
import { forbidden, notFound } from '../../core/errors.js';

export interface RevokedGrant {
  readonly technicianId: number;
  readonly companyId: number;
  /** False when there was no such grant. */
  readonly revoked: boolean;
}

export async function revokeGrant(
  store: Store,
  actor: Actor,
  technicianId: number,
  companyId: number,
): Promise<RevokedGrant> {
  if (!actor.admin) throw forbidden('only an admin can do this');
  return store.write(async ({ trx, emit }) => {
    const tech = await trx.selectFrom('technicians').select('id').where('id', '=', technicianId).executeTakeFirst();
    if (!tech) throw notFound(`technician ${technicianId}`);
    const res = await trx
      .deleteFrom('grants')
      .where('technician_id', '=', technicianId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    const revoked = Number(res.numDeletedRows) > 0;
    if (revoked) emit({ type: 'grant.revoked', companyId, technicianId, data: { technicianId, companyId } });
    return { technicianId, companyId, revoked };
  });
}
