/** Changing the open ticket's status, priority or assignee from a picker. */
import { PRIORITIES, TICKET_STATUSES, closesTicket, label } from '../../core/tickets.js';
import type { CustomStatus } from '../../core/ticket-properties.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import type { Option } from '../state.js';
import { openPicker, withTicket } from './modal.js';
import { timerOnClose } from './ticket-settings.js';

/** A custom status's option value: its name after this prefix (built-in values never hold a colon). */
const CUSTOM = 'custom:';

/**
 * Opens the status picker: the built-in statuses, then the admin-defined ones (read as it opens, so
 * one added since the TUI started is there), each with the status it maps to.
 */
export function startStatus(ctx: TuiContext): void {
  withTicket(ctx, (id) => void openStatusPicker(ctx, id));
}

async function openStatusPicker(ctx: TuiContext, id: number): Promise<void> {
  let custom: readonly CustomStatus[] = [];
  try {
    custom = await ctx.api.statuses();
  } catch (err) {
    ctx.fail(err);
  }
  const options: Option[] = [
    ...TICKET_STATUSES.map((v) => ({ label: label(v), value: v })),
    ...custom.map((c) => ({ label: c.name, value: CUSTOM + c.name, hint: `maps to ${label(c.mapsTo)}` })),
  ];
  const current = ctx.state().ticketView;
  if (current?.id !== id) return; // the ticket was left while the statuses loaded
  openPicker(ctx, `Status of #${id}`, options, { kind: 'status', ticketId: id });
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
    const before =
      ctx.state().tickets.items.find((t) => t.id === p.ticketId)?.status ?? ctx.state().ticketView?.detail?.status;
    const custom = value.startsWith(CUSTOM) ? value.slice(CUSTOM.length) : undefined;
    const t = await ctx.api.updateTicket(
      p.ticketId,
      custom !== undefined ? { customStatus: custom } : { status: value as never },
    );
    ctx.dispatch({ type: 'ticket.upsert', ticket: t });
    await ctx.loadTicket(p.ticketId);
    ctx.flash(`#${p.ticketId} is now ${custom ?? label(value)}.`, 'ok');
    if (before !== undefined && closesTicket(before, t.status)) await timerOnClose(ctx, p.ticketId);
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
