/**
 * `desk tui`: the live full-screen workspace. The TUI (Ink and React) is imported only when this
 * command runs, so other commands do not pay for loading it.
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { resolveProfile } from '../client/profiles.js';
import { forbidden, usageError } from '../core/errors.js';
import { maskText } from '../core/masking.js';
import { rawStream } from './inert-streams.js';

export interface TuiCommandOptions {
  profile?: string;
  mask?: boolean;
}

export async function runTuiCommand(opts: TuiCommandOptions, ctx: Context): Promise<void> {
  if (ctx.stdout.isTTY !== true || ctx.stdin.isTTY !== true) {
    throw usageError('desk tui needs a terminal', 'run it in an interactive terminal; scripts use the other commands');
  }
  const profile = await resolveProfile(ctx.env, opts.profile);
  let mask = maskText;
  if (opts.mask === false) {
    const [{ PeopleApi }, { clientFor }] = await Promise.all([
      import('../client/api/people.js'),
      import('./session.js'),
    ]);
    const me = await new PeopleApi(clientFor(ctx, profile.server, profile.token)).me();
    if (!me.technician.canUnmask) {
      throw forbidden('the server does not allow you to see customer data unmasked (--no-mask)');
    }
    mask = (t: string) => t;
  }
  const { runTui } = await import('../tui/run.js');
  await runTui({
    server: profile.server,
    token: profile.token,
    mask,
    env: ctx.env,
    stdout: rawStream(ctx.stdout) as NodeJS.WriteStream,
    stdin: ctx.stdin as NodeJS.ReadStream,
  });
}

export function register(program: Command, ctx: Context): void {
  program
    .command('tui')
    .description('Open the live full-screen workspace: queue, chats, tickets, availability and timer')
    .option('--profile <name>', 'use this saved profile (default: DESK_PROFILE or the current one)')
    .option('--no-mask', 'show customer data unmasked (only if the server allows it for you)')
    .action((opts: TuiCommandOptions) => runTuiCommand(opts, ctx));
}
