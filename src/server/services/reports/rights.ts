/** The `reports` right: an admin lets a technician see every report figure, or takes it back. */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { forbidden, notFound } from '../../../core/errors.js';
import { reportsRightInput } from '../../../core/reports.js';

export async function setReportsRight(
  store: Store,
  actor: Actor,
  technicianId: number,
  raw: unknown,
): Promise<{ technicianId: number; reports: boolean }> {
  if (!actor.admin) throw forbidden('only an admin can do this');
  const input = reportsRightInput.parse(raw);
  return store.write(async ({ trx }) => {
    const res = await trx
      .updateTable('technicians')
      .set({ can_report: input.allowed ? 1 : 0 })
      .where('id', '=', technicianId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound(`technician ${technicianId}`);
    return { technicianId, reports: input.allowed };
  });
}
