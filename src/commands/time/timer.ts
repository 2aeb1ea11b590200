/** `desk time start|pause|resume|stop|status`: the technician's one timer, kept on the server. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions, type Session } from '../session.js';
import { TimeApi } from '../../client/api/time.js';
import type { TimerAction } from '../../core/time-schemas.js';
import { formatDuration } from '../../core/duration.js';
import { invalid } from '../../core/errors.js';
import { isTTY, say } from '../output.js';
import { printJson } from '../json.js';
import { sayStopped, timerLine } from './view.js';
import { maskStopped, maskTimer } from './masked.js';
import { rateFlag } from './parse.js';

function maskAction(a: TimerAction, mask: Session['mask']): TimerAction {
  return {
    ...a,
    timer: a.timer ? maskTimer(a.timer, mask) : null,
    stopped: a.stopped ? maskStopped(a.stopped, mask) : null,
  };
}

interface StartOptions extends CommonOptions {
  force?: boolean;
}

export async function runStart(ticket: string, opts: StartOptions, ctx: Context): Promise<void> {
  const ticketId = parseId(ticket, 'ticket id');
  const { client, mask } = await openSession(ctx, opts);
  const res = maskAction(await new TimeApi(client).start(ticketId, opts.force === true), mask);
  if (opts.json) return printJson(ctx, res);
  if (res.stopped) sayStopped(ctx, res.stopped);
  const t = res.timer;
  if (!t) return;
  if (res.unchanged) say(ctx, `The timer is already running on #${t.ticket.id} (${formatDuration(t.elapsedMs)})`);
  else if (t.accumulatedMs > 0) {
    say(ctx, `Resumed the timer on #${t.ticket.id} (${formatDuration(t.elapsedMs)} so far)`);
  } else say(ctx, `Timer started on #${t.ticket.id} ${t.ticket.title}`);
}

async function runChange(action: 'pause' | 'resume', opts: CommonOptions, ctx: Context): Promise<void> {
  const { client, mask } = await openSession(ctx, opts);
  const time = new TimeApi(client);
  const res = maskAction(action === 'pause' ? await time.pause() : await time.resume(), mask);
  if (opts.json) return printJson(ctx, res);
  const t = res.timer;
  if (!t) return;
  const elapsed = formatDuration(t.elapsedMs);
  if (res.unchanged) say(ctx, `The timer on #${t.ticket.id} is already ${t.state} (${elapsed})`);
  else say(ctx, `${action === 'pause' ? 'Paused' : 'Resumed'} the timer on #${t.ticket.id} at ${elapsed}`);
}

interface StopOptions extends CommonOptions {
  note?: string;
  billable?: boolean;
  rate?: string;
  force?: boolean;
  discard?: boolean;
}

export async function runStop(opts: StopOptions, ctx: Context): Promise<void> {
  if (opts.discard && (opts.note !== undefined || opts.rate !== undefined || opts.billable !== undefined)) {
    throw invalid('--discard records nothing: leave out --note, --rate and --billable');
  }
  const body = {
    note: opts.note,
    billable: opts.billable,
    rate: opts.rate !== undefined ? rateFlag(opts.rate) : undefined,
    force: opts.force === true,
    discard: opts.discard === true,
  };
  const { client, mask } = await openSession(ctx, opts);
  const res = maskAction(await new TimeApi(client).stop(body), mask);
  if (opts.json) return printJson(ctx, res);
  if (res.stopped) sayStopped(ctx, res.stopped);
  if (res.stopped?.entry && !isTTY(ctx)) ctx.stdout.write(`${res.stopped.entry.id}\n`);
}

export async function runStatus(opts: CommonOptions, ctx: Context): Promise<void> {
  const { client, mask } = await openSession(ctx, opts);
  const res = await new TimeApi(client).timer();
  const timer = res.timer ? maskTimer(res.timer, mask) : null;
  if (opts.json) return printJson(ctx, { ...res, timer });
  if (!timer) {
    if (isTTY(ctx)) ctx.stderr.write('No timer. Start one with `desk time start TICKET`.\n');
    return;
  }
  if (!isTTY(ctx)) {
    ctx.stdout.write(
      [timer.state, timer.ticket.id, formatDuration(timer.elapsedMs), timer.ticket.title].join('\t') + '\n',
    );
    return;
  }
  ctx.stdout.write(timerLine(ctx, timer) + '\n');
}

export function makeTimerCommands(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('start')
      .description('Start the timer on a ticket (a timer on another ticket is stopped first)')
      .argument('<ticket>', 'ticket id')
      .option('--force', 'record the timer being stopped even if it ran over 24 hours'),
  ).action((ticket: string, opts: StartOptions) => runStart(ticket, opts, ctx));
  withCommon(parent.command('pause').description('Pause the running timer')).action((opts: CommonOptions) =>
    runChange('pause', opts, ctx),
  );
  withCommon(parent.command('resume').description('Resume the paused timer')).action((opts: CommonOptions) =>
    runChange('resume', opts, ctx),
  );
  withCommon(
    parent
      .command('stop')
      .description('Stop the timer and record its time as an entry')
      .option('--note <text>', 'what was done')
      .option('--billable', 'billable (the default)')
      .option('--no-billable', 'not billable')
      .option('--rate <amount>', 'hourly rate, e.g. 90 (default: the time.default-rate setting); none for no rate')
      .option('--force', 'record it even if it ran over 24 hours')
      .option('--discard', 'stop without recording anything'),
  ).action((opts: StopOptions) => runStop(opts, ctx));
  withCommon(parent.command('status').description('Show your timer: ticket, state and time so far')).action(
    (opts: CommonOptions) => runStatus(opts, ctx),
  );
}
