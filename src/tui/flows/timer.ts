/** The time tracker from the ticket view: start it on the open ticket, or stop it there. */
import type { TuiContext } from '../context.js';
import { recordedText } from './ticket-settings.js';

export async function toggleTimer(ctx: TuiContext, ticketId: number): Promise<void> {
  try {
    const running = ctx.state().timer?.ticket.id === ticketId;
    const res = running ? await ctx.api.stopTimer() : await ctx.api.startTimer(ticketId);
    ctx.dispatch({ type: 'timer', timer: res.timer, at: ctx.now() });
    if (running) {
      const recorded = recordedText(res.stopped?.durationMs ?? 0, (res.stopped?.entry ?? null) !== null);
      ctx.flash(`Timer stopped on #${ticketId}: ${recorded}.`, 'ok');
    } else {
      ctx.flash(
        res.stopped
          ? `Timer started on #${ticketId} (stopped on #${res.stopped.ticket.id}).`
          : `Timer started on #${ticketId}.`,
        'ok',
      );
    }
  } catch (err) {
    ctx.fail(err);
  }
}
