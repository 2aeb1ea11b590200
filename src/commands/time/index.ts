/** `desk time …`: the timer, manual entries, lists and reports. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { makeTimerCommands } from './timer.js';
import { makeAddCommand } from './add.js';
import { makeListCommand } from './list.js';
import { makeEditCommands } from './edit.js';
import { makeReportCommand } from './report.js';

export function register(program: Command, ctx: Context): void {
  const time = program.command('time').description('Track time on tickets: a timer, manual entries, lists and reports');
  makeTimerCommands(time, ctx);
  makeAddCommand(time, ctx);
  makeListCommand(time, ctx);
  makeEditCommands(time, ctx);
  makeReportCommand(time, ctx);
}
