/**
 * The `desk` entry point. It loads commander and the error report and nothing
 * else: each noun's module (and with it the HTTP client, the server or the TUI)
 * is imported only when its command runs, so `desk --version` stays fast.
 */
import { Command, CommanderError } from 'commander';
import { processContext, type Context } from './commands/context.js';
import { reportError } from './commands/error-report.js';
import { endQuietlyOnBrokenPipe, pipeClosed } from './commands/broken-pipe.js';
import { refuseRepeatedOptions } from './commands/repeatable.js';
import { inertContext } from './commands/inert-streams.js';

declare const DESK_VERSION: string;
const version = typeof DESK_VERSION === 'string' ? DESK_VERSION : '0.0.0-dev';

/**
 * A top-level noun: its help line and the module that registers its subcommands. `register` gets
 * the arguments after the noun, so a noun may load only the verb that runs.
 */
interface Noun {
  readonly description: string;
  readonly load: () => Promise<{
    register: (program: Command, ctx: Context, args: readonly string[]) => void | Promise<void>;
  }>;
}

const nouns: Record<string, Noun> = {
  login: { description: 'Save a server and token as a profile', load: () => import('./commands/login.js') },
  logout: { description: 'Forget the token of a profile', load: () => import('./commands/login.js') },
  whoami: { description: 'Show who the current token belongs to', load: () => import('./commands/login.js') },
  tickets: { description: 'List, create, show and work tickets', load: () => import('./commands/tickets/index.js') },
  technicians: { description: 'List technicians and their workload', load: () => import('./commands/technicians.js') },
  templates: { description: 'Reply templates (canned responses)', load: () => import('./commands/templates.js') },
  notifications: {
    description: 'Your @mention notifications of the last 7 days',
    load: () => import('./commands/notifications.js'),
  },
  report: {
    description: 'Reports with charts: tickets, sla, chats, technicians, satisfaction, time',
    load: () => import('./commands/report/index.js'),
  },
  time: {
    description: 'Track time on tickets: timer, entries, reports',
    load: () => import('./commands/time/index.js'),
  },
  admin: {
    description: 'Manage technicians, companies, contacts and grants',
    load: () => import('./commands/admin/index.js'),
  },
  server: {
    description: 'Run the Deskline server, or initialise its database',
    load: () => import('./commands/server.js'),
  },
  demo: {
    description: 'Start a demo server with sample data and log in to it',
    load: () => import('./commands/demo.js'),
  },
  mask: { description: 'Mask sensitive customer data in standard input', load: () => import('./commands/mask.js') },
  tui: { description: 'Open the live full-screen workspace', load: () => import('./commands/tui.js') },
  status: { description: 'Show or set your availability for chats', load: () => import('./commands/status.js') },
  chat: {
    description: 'Live chats: requests, offers, messages, transfers and wrap-up',
    load: () => import('./commands/chat/index.js'),
  },
  customer: {
    description: "The customer's side: log in with a code, chat, leave a ticket",
    load: () => import('./commands/customer/index.js'),
  },
};

function baseProgram(ctx: Context): Command {
  const program = new Command('desk')
    .description('Deskline: the terminal-first helpdesk')
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  return program;
}

/** Applies output and exit handling to every subcommand, recursively. */
function configureTree(cmd: Command, ctx: Context): void {
  for (const sub of cmd.commands) {
    sub.exitOverride().configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
    sub.showHelpAfterError('(run with --help for usage)');
    refuseRepeatedOptions(sub);
    configureTree(sub, ctx);
  }
}

/** Runs `desk` for this process and sets its exit code. */
export async function run(): Promise<void> {
  endQuietlyOnBrokenPipe([process.stdout, process.stderr]);
  const code = await main(process.argv.slice(2), processContext());
  process.exitCode = pipeClosed() ? 0 : code;
}

/** Runs `desk` with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(givenArgv: readonly string[], givenCtx: Context): Promise<number> {
  // `--no-pager` works with every command: it turns the pager off for this run (see commands/pager.ts).
  const end = givenArgv.includes('--') ? givenArgv.indexOf('--') : givenArgv.length;
  const noPager = givenArgv.slice(0, end).includes('--no-pager');
  const argv = noPager ? givenArgv.filter((a, i) => i >= end || a !== '--no-pager') : givenArgv;
  const processCtx: Context = noPager
    ? (Object.create(givenCtx, { env: { value: { ...givenCtx.env, DESK_PAGER: '' } } }) as Context)
    : givenCtx;
  // Whatever a command prints goes through the terminal guard (DESIGN §2.6).
  const ctx = inertContext(processCtx);
  const program = baseProgram(ctx);
  // `desk help tickets` needs the tickets module as much as `desk tickets --help`.
  const at = argv.findIndex((a) => !a.startsWith('-') && a !== 'help');
  const first = at >= 0 ? argv[at] : undefined;
  const noun = first !== undefined && Object.hasOwn(nouns, first) ? nouns[first] : undefined;
  if (noun !== undefined) {
    const mod = await noun.load();
    // `desk help tickets list` shows the noun's help, which lists every verb.
    const helpFirst = argv.slice(0, at).includes('help');
    await mod.register(program, ctx, helpFirst ? [] : argv.slice(at + 1));
  } else {
    for (const [name, n] of Object.entries(nouns)) {
      program.command(name).description(n.description);
    }
  }
  configureTree(program, ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return 0;
      }
      if (err.code === 'commander.executeSubCommandAsync') return 0;
      return 2;
    }
    return reportError(err, ctx);
  }
}
