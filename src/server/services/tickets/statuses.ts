/**
 * Admin-defined ticket statuses (DESIGN §2.1), each mapped to Open, Pending,
 * Resolved or Closed. A ticket in a custom status has the mapped status in
 * `status` (so SLA, workload and default lists follow it) and the custom one in
 * `customStatus`. A status given by name on an update or comment is applied
 * here.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow, TicketUpdate } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordActivity } from './activity.js';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors.js';
import { customStatusInput } from '../../../core/ticket-resources.js';
import type { CustomStatus } from '../../../core/ticket-properties.js';
import { TICKET_STATUSES, label, parseEnum, type TicketStatus } from '../../../core/tickets.js';
import { nameKey } from '../../../core/custom-fields.js';

type Row = { id: number; name: string; maps_to: string };
const view = (r: Row): CustomStatus => ({ id: r.id, name: r.name, mapsTo: r.maps_to as TicketStatus });

export async function listCustomStatuses(db: Kysely<Database>): Promise<CustomStatus[]> {
  return (await db.selectFrom('custom_statuses').selectAll().orderBy('id').execute()).map(view);
}

export async function addCustomStatus(store: Store, actor: Actor, raw: unknown): Promise<CustomStatus> {
  if (!actor.admin) throw forbidden('only an admin can define statuses');
  const input = customStatusInput.parse(raw);
  const key = nameKey(input.name);
  if (parseEnum(TICKET_STATUSES, input.name)) throw conflict(`"${input.name}" is a built-in status`);
  return store.write(async ({ trx, now, emit }) => {
    const taken = await trx.selectFrom('custom_statuses').select('id').where('key', '=', key).executeTakeFirst();
    if (taken) throw conflict(`a status named "${input.name}" exists already`);
    const row = await trx
      .insertInto('custom_statuses')
      .values({ key, name: input.name, maps_to: input.mapsTo, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    emit({ type: 'status.created', companyId: null, data: { status: view(row) } });
    return view(row);
  });
}

export async function removeCustomStatus(store: Store, actor: Actor, name: string): Promise<{ removed: true }> {
  if (!actor.admin) throw forbidden('only an admin can remove statuses');
  return store.write(async ({ trx, emit }) => {
    const row = await trx.selectFrom('custom_statuses').selectAll().where('key', '=', nameKey(name)).executeTakeFirst();
    if (!row) throw notFound(`status "${name}"`);
    const used = await trx.selectFrom('tickets').select('id').where('custom_status_id', '=', row.id).executeTakeFirst();
    if (used) throw conflict(`status "${row.name}" is in use (ticket ${used.id}); move those tickets first`);
    await trx.deleteFrom('custom_statuses').where('id', '=', row.id).execute();
    emit({ type: 'status.removed', companyId: null, data: { status: view(row) } });
    return { removed: true as const };
  });
}

export async function customStatusByName(db: Kysely<Database>, name: string): Promise<CustomStatus | undefined> {
  const row = await db.selectFrom('custom_statuses').selectAll().where('key', '=', nameKey(name)).executeTakeFirst();
  return row ? view(row) : undefined;
}

export interface StatusChange {
  readonly status: TicketStatus;
  readonly customStatusId: number | null;
  /** How the activity log names it: the custom name or the built-in label. */
  readonly name: string;
}

/** Resolves `--status` given as a custom status name; unknown names are invalid input. */
export async function resolveCustomStatus(db: Kysely<Database>, name: string): Promise<StatusChange> {
  const builtIn = parseEnum(TICKET_STATUSES, name);
  if (builtIn) return { status: builtIn, customStatusId: null, name: builtIn };
  const custom = await customStatusByName(db, name);
  if (!custom) {
    const all = (await listCustomStatuses(db)).map((s) => s.name);
    throw invalid(`unknown status "${name}" (valid: ${[...TICKET_STATUSES, ...all].join(', ')})`, 'customStatus');
  }
  return { status: custom.mapsTo, customStatusId: custom.id, name: custom.name };
}

/** The name a ticket's status shows as in the activity log. */
export async function statusName(db: Kysely<Database>, status: string, customStatusId: number | null): Promise<string> {
  if (customStatusId === null) return status;
  const row = await db.selectFrom('custom_statuses').select('name').where('id', '=', customStatusId).executeTakeFirst();
  return row?.name ?? label(status);
}

export interface StatusInput {
  status?: TicketStatus | undefined;
  customStatus?: string | undefined;
}

/**
 * A status given as a custom status name (or a built-in one that replaces a
 * custom status): fills `set`, logs it and notes the change.
 */
export async function applyStatus(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  input: StatusInput,
  set: TicketUpdate,
  changes: string[],
): Promise<void> {
  if (input.status !== undefined && input.customStatus !== undefined) {
    throw invalid('give either a built-in status or a custom one, not both', 'customStatus');
  }
  const currentCustom = row.custom_status_id === null ? null : Number(row.custom_status_id);
  if (input.customStatus !== undefined) {
    const next = await resolveCustomStatus(scope.trx, input.customStatus);
    if (next.status === row.status && next.customStatusId === currentCustom) return;
    set.status = next.status;
    set.custom_status_id = next.customStatusId;
    await recordActivity(
      scope,
      actor,
      row.id,
      'status',
      await statusName(scope.trx, row.status, currentCustom),
      next.name,
    );
    if (!changes.includes('status')) changes.push('status');
  } else if (input.status !== undefined && currentCustom !== null) {
    set.custom_status_id = null;
    const oldName = await statusName(scope.trx, row.status, currentCustom);
    if (input.status === row.status) {
      await recordActivity(scope, actor, row.id, 'status', oldName, input.status);
      if (!changes.includes('status')) changes.push('status');
    } else {
      // The update logged the change from the mapped status: name the custom one instead.
      await scope.trx
        .updateTable('ticket_activity')
        .set({ old_value: oldName })
        .where('ticket_id', '=', row.id)
        .where('field', '=', 'status')
        .where('created_at', '=', scope.now)
        .where('old_value', '=', row.status)
        .execute();
    }
  }
}
