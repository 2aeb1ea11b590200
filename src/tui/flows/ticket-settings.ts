/**
 * What the ticket settings make the TUI do (DESIGN §2.1, `desk admin settings`): the type of comment
 * the comment key writes (`tickets.default-reply`), the timer that starts when a ticket is opened
 * (`tickets.timer-on-open`) and the question about a running timer when its ticket is resolved or
 * closed (`tickets.timer-on-close` = ask). Settings are read when needed, so a change applies at once.
 */
import { formatDuration } from '../../core/duration.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { openPicker } from './modal.js';

/** The value of a setting in effect, or undefined when it cannot be read (then the TUI does nothing extra). */
async function setting(ctx: TuiContext, key: string): Promise<string | null | undefined> {
  try {
    return (await ctx.api.settings()).find((s) => s.key === key)?.value;
  } catch {
    return undefined;
  }
}

/** The kind of comment the comment key writes: a note when the default reply type is internal. */
export async function defaultCommentKind(ctx: TuiContext): Promise<'reply' | 'note'> {
  return (await setting(ctx, 'tickets.default-reply')) === 'internal' ? 'note' : 'reply';
}

/** On opening a ticket: starts the timer on it when the setting says so and no timer of mine runs. */
export async function timerOnOpen(ctx: TuiContext, ticketId: number): Promise<void> {
  if ((await setting(ctx, 'tickets.timer-on-open')) !== 'on') return;
  const running = ctx.state().timer;
  if (running !== null) {
    if (running.ticket.id !== ticketId) ctx.flash(`Your timer runs on #${running.ticket.id}: not started here.`);
    return;
  }
  try {
    const res = await ctx.api.startTimer(ticketId);
    ctx.dispatch({ type: 'timer', timer: res.timer, at: ctx.now() });
    ctx.flash(`Timer started on #${ticketId} (it starts when a ticket is opened).`, 'ok');
  } catch (err) {
    ctx.fail(err);
  }
}

/** After the open ticket was resolved or closed: follows `tickets.timer-on-close` for my timer on it. */
export async function timerOnClose(ctx: TuiContext, ticketId: number): Promise<void> {
  if (ctx.state().timer?.ticket.id !== ticketId) return;
  const rule = await setting(ctx, 'tickets.timer-on-close');
  if (rule === 'stop') {
    // The server stopped it and recorded its time; the stream says so too, this is sooner.
    const now = await ctx.api.timer();
    ctx.dispatch({ type: 'timer', timer: now.timer, at: ctx.now() });
  } else if (rule === 'ask') {
    openPicker(
      ctx,
      `Your timer still runs on #${ticketId}`,
      [
        { label: 'Stop it and record the time', value: 'stop' },
        { label: 'Keep it running', value: 'keep' },
      ],
      { kind: 'close-timer', ticketId },
    );
  }
}

/** What a stopped timer recorded, as the entry holds it (to the second). */
export function recordedText(durationMs: number, recorded: boolean): string {
  return recorded ? `${formatDuration(durationMs)} recorded` : 'nothing recorded';
}

export const closeTimerChoices: PurposeHandlers<'close-timer'> = {
  'close-timer': async (ctx, p, value) => {
    if (value !== 'stop') return ctx.flash(`Timer still running on #${p.ticketId}.`);
    if (ctx.state().timer?.ticket.id !== p.ticketId) return ctx.flash(`No timer of yours runs on #${p.ticketId}.`);
    const res = await ctx.api.stopTimer();
    ctx.dispatch({ type: 'timer', timer: res.timer, at: ctx.now() });
    const stopped = res.stopped;
    ctx.flash(
      `Timer stopped on #${p.ticketId}: ${recordedText(stopped?.durationMs ?? 0, (stopped?.entry ?? null) !== null)}.`,
      'ok',
    );
  },
};
