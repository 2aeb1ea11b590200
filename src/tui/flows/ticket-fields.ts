/** Changing the open ticket's status, priority or assignee from a picker. */
import { PRIORITIES, TICKET_STATUSES, label } from '../../core/tickets.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPicker, withTicket } from './modal.js';

export function startStatus(ctx: TuiContext): void {
  withTicket(ctx, (id) =>
    openPicker(
      ctx,
      `Status of #${id}`,
      TICKET_STATUSES.map((v) => ({ label: label(v), value: v })),
      { kind: 'status', ticketId: id },
    ),
  );
}

export function startPriority(ctx: TuiContext): void {
  withTicket(ctx, (id) =>
    openPicker(
      ctx,
      `Priority of #${id}`,
      PRIORITIES.map((v) => ({ label: label(v), value: v })),
      { kind: 'priority', ticketId: id },
    ),
  );
}

/** Opens the picker of technicians (and Unassigned), each with their open tickets. */
export function startAssignee(ctx: TuiContext): void {
  const s = ctx.state();
  withTicket(ctx, (id) =>
    openPicker(
      ctx,
      `Assignee of #${id}`,
      [
        { label: 'Unassigned', value: '' },
        ...s.directory.technicians.map((t) => ({
          label: t.id === s.me?.id ? `${t.name} (me)` : t.name,
          value: String(t.id),
          hint: `${t.openTickets} open`,
        })),
      ],
      { kind: 'assignee', ticketId: id },
    ),
  );
}

export const ticketFieldChoices: PurposeHandlers<'status' | 'priority' | 'assignee'> = {
  status: async (ctx, p, value) => {
    const t = await ctx.api.updateTicket(p.ticketId, { status: value as never });
    ctx.dispatch({ type: 'ticket.upsert', ticket: t });
    await ctx.loadTicket(p.ticketId);
    ctx.flash(`#${p.ticketId} is now ${label(value)}.`, 'ok');
  },
  priority: async (ctx, p, value) => {
    const t = await ctx.api.updateTicket(p.ticketId, { priority: value as never });
    ctx.dispatch({ type: 'ticket.upsert', ticket: t });
    await ctx.loadTicket(p.ticketId);
    ctx.flash(`#${p.ticketId} priority ${label(value)}.`, 'ok');
  },
  assignee: async (ctx, p, value) => {
    const t = await ctx.api.updateTicket(p.ticketId, { assigneeId: value === '' ? null : Number(value) });
    ctx.dispatch({ type: 'ticket.upsert', ticket: t });
    await ctx.loadTicket(p.ticketId);
    ctx.flash(`#${p.ticketId} assigned to ${t.assignee?.name ?? 'nobody'}.`, 'ok');
  },
};
