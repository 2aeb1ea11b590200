/**
 * A ticket's SLA clock in the database: started when the ticket is created,
 * moved by status, priority and public replies, and breached by stored
 * deadlines (`sla.response`, `sla.resolution`) that fire without anyone looking
 * and survive restarts.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow, TicketSlaRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { targetsFor } from './sla-policies.js';
import { recordActivity } from './activity.js';
import { iso } from '../../iso-time.js';
import { ticketView } from './views.js';
import { stateOf } from './sla-view.js';
import {
  SLA_TARGETS,
  armed,
  nextDue,
  onPublicReply,
  onStatusChange,
  retarget,
  startSla,
  type SlaState,
  type SlaTarget,
} from '../../../core/sla.js';
import type { TicketStatus } from '../../../core/tickets.js';
import { mailSlaBreach } from '../mail/sla-mail.js';

export const SLA_DEADLINE: Record<SlaTarget, string> = { response: 'sla.response', resolution: 'sla.resolution' };

function columns(state: SlaState) {
  return {
    clock: state.clock,
    started_at: state.startedAt,
    paused_at: state.pausedAt,
    paused_total_ms: state.pausedTotalMs,
    response_target_ms: state.response.targetMs,
    resolution_target_ms: state.resolution.targetMs,
    response_due_at: state.response.dueAt,
    resolution_due_at: state.resolution.dueAt,
    response_met_at: state.response.metAt,
    resolution_met_at: state.resolution.metAt,
    response_breached_at: state.response.breachedAt,
    resolution_breached_at: state.resolution.breachedAt,
    next_due_at: nextDue(state),
  };
}

async function load(db: Kysely<Database>, ticketId: number): Promise<SlaState | undefined> {
  const row = await db.selectFrom('ticket_sla').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  return row ? stateOf(row) : undefined;
}

/** Stores the state and arms (or disarms) the breach deadlines to match it. */
async function save(scope: WriteScope, ticketId: number, state: SlaState, isNew: boolean): Promise<void> {
  if (isNew) {
    await scope.trx
      .insertInto('ticket_sla')
      .values({ ticket_id: ticketId, ...columns(state) })
      .execute();
  } else {
    await scope.trx.updateTable('ticket_sla').set(columns(state)).where('ticket_id', '=', ticketId).execute();
  }
  for (const which of SLA_TARGETS) {
    const t = state[which];
    if (armed(state, t)) {
      await schedule(scope, { kind: SLA_DEADLINE[which], ref: String(ticketId), dueAt: t.dueAt as number });
    } else await cancel(scope, SLA_DEADLINE[which], String(ticketId));
  }
}

/** Starts the clock of a new ticket when its priority has a policy; answers the stored row. */
export async function startTicketSla(scope: WriteScope, ticket: TicketRow): Promise<TicketSlaRow | undefined> {
  const targets = await targetsFor(scope.trx, ticket.priority);
  if (!targets) return undefined;
  const state = startSla(targets, scope.now, ticket.status as TicketStatus);
  await save(scope, ticket.id, state, true);
  return { ticket_id: ticket.id, ...columns(state) };
}

/** Moves the clock after a ticket's status or priority changed. */
export async function slaAfterUpdate(scope: WriteScope, before: TicketRow, after: TicketRow): Promise<void> {
  const statusChanged = before.status !== after.status;
  const priorityChanged = before.priority !== after.priority;
  if (!statusChanged && !priorityChanged) return;
  let state = await load(scope.trx, after.id);
  const isNew = state === undefined;
  if (priorityChanged) {
    const targets = await targetsFor(scope.trx, after.priority);
    if (state) state = retarget(state, targets ?? { responseMs: null, resolutionMs: null });
    else if (targets) state = startSla(targets, scope.now, before.status as TicketStatus);
  }
  if (!state) return;
  if (statusChanged) {
    state = onStatusChange(state, before.status as TicketStatus, after.status as TicketStatus, scope.now);
  }
  await save(scope, after.id, state, isNew);
}

/** A technician's public reply meets the response target (the first one counts). */
export async function slaAfterPublicReply(scope: WriteScope, ticketId: number): Promise<void> {
  const state = await load(scope.trx, ticketId);
  if (!state || state.response.metAt !== null || state.response.targetMs === null) return;
  await save(scope, ticketId, onPublicReply(state, scope.now), false);
}

/** The deadline handler: marks the target breached, announces it on the stream and mails it (sla-mail.ts). */
export async function fireSlaBreach(
  scope: WriteScope,
  store: Store,
  which: SlaTarget,
  ticketId: number,
): Promise<void> {
  const state = await load(scope.trx, ticketId);
  if (!state) return;
  const t = state[which];
  if (!armed(state, t)) return;
  const due = t.dueAt as number;
  if (due > scope.now) {
    await schedule(scope, { kind: SLA_DEADLINE[which], ref: String(ticketId), dueAt: due });
    return;
  }
  const next: SlaState = { ...state, [which]: { ...t, breachedAt: due } };
  await save(scope, ticketId, next, false);
  const ticket = await scope.trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return;
  await recordActivity(scope, null, ticketId, `sla.${which}`, null, 'breached');
  await mailSlaBreach(scope, store, ticket, which, due);
  scope.emit({
    type: 'sla.breached',
    companyId: ticket.company_id,
    data: { ticketId, target: which, dueAt: iso(due), ticket: await ticketView(scope.trx, ticket, scope.now) },
  });
}
