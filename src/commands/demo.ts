/**
 * `desk demo`: an embedded server on a fresh data directory with sample data,
 * the CLI logged in to it as a technician, and the TUI open on a terminal
 * (`--no-tui`, or no terminal: what to try next, until Ctrl-C).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Context } from './context.js';
import { currentProfile, restoreCurrentProfile, saveProfile } from '../client/profiles.js';
import { colours } from './output.js';
import { rawStream } from './inert-streams.js';

declare const DESK_VERSION: string;
const version = typeof DESK_VERSION === 'string' ? DESK_VERSION : '0.0.0-dev';

interface DemoOptions {
  port: string;
  dataDir?: string;
  /** false with `--no-tui`. */
  tui?: boolean;
}

export async function runDemo(opts: DemoOptions, ctx: Context): Promise<void> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'deskline-demo-'));
  const { startServer, seedDemo } = await import('../server/index.js');
  const port = Number(opts.port);
  const options = { host: '127.0.0.1', version, eventRetentionMs: 30 * 86_400_000, log: null };
  const dbPath = join(dir, 'desk.db');
  let server;
  try {
    server = await startServer({ ...options, port, store: { dialect: 'sqlite', path: dbPath } });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    server = await startServer({ ...options, port: 0, store: { dialect: 'sqlite', path: dbPath } });
  }
  const data = await seedDemo(server.store);
  const me = data.technicians[0]!;
  const previous = await currentProfile(ctx.env);
  await saveProfile(ctx.env, 'demo', { server: server.url, token: me.token }, true);
  const tui = opts.tui !== false && ctx.stdout.isTTY === true && ctx.stdin.isTTY === true;
  const hints = [
    `Deskline demo running at ${server.url}`,
    `data: ${dbPath}`,
    `You are logged in as ${me.name} (profile "demo", the current profile until the demo stops).`,
    `Admin token (for desk admin …): ${data.adminToken}`,
    '',
    'Try, in another terminal:',
    '  desk tickets list',
    '  desk tickets list --status all --sort priority --limit 10',
    '  desk tickets show 1',
    '  desk tickets reply 1 --message "On my way" --status pending',
    '  desk tickets list --json --assignee me',
    '  desk technicians list',
  ];
  // The TUI covers the terminal: the hints stay readable in a file (it holds a token: owner only).
  const hintsPath = join(dir, 'demo-hints.txt');
  writeFileSync(hintsPath, hints.join('\n') + '\n', { mode: 0o600 });
  const c = colours(ctx);
  ctx.stdout.write(
    [
      c.bold(hints[0]!),
      ...hints.slice(1),
      '',
      `These hints are in ${hintsPath}${tui ? ' and in the help (?)' : ''}.`,
      tui ? 'Quitting the TUI (q) stops the demo server.' : 'Press Ctrl-C to stop the demo server.',
      '',
    ].join('\n'),
  );
  try {
    if (tui) await runDemoTui(ctx, server.url, me.token, [...hints, `(also in ${hintsPath})`]);
    else await untilInterrupted();
  } finally {
    await server.close();
    // The demo server is gone: the profile that was current before it is current again.
    await restoreCurrentProfile(ctx.env, previous);
  }
  const again = previous === undefined ? 'no profile is current' : `profile "${previous}" is current again`;
  ctx.stdout.write(`Demo stopped (its database stays in ${dir}); ${again}.\n`);
}

/** The workspace itself, logged in as the demo technician, with the demo's hints in its help. */
async function runDemoTui(ctx: Context, server: string, token: string, helpNotes: readonly string[]): Promise<void> {
  const { runTui } = await import('../tui/run.js');
  const { maskText } = await import('../core/masking.js');
  await runTui({
    server,
    token,
    mask: maskText,
    env: ctx.env,
    stdout: rawStream(ctx.stdout) as NodeJS.WriteStream,
    stdin: ctx.stdin as NodeJS.ReadStream,
    helpNotes,
  });
}

function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function register(program: Command, ctx: Context): void {
  program
    .command('demo')
    .description('Start a demo server with sample data and log the CLI in to it')
    .option('--port <port>', 'port to listen on (a free one if taken)', '7420')
    .option('--data-dir <dir>', 'directory for the demo database (default: a new temporary one)')
    .option('--no-tui', 'keep the server running without opening the TUI (the default without a terminal)')
    .action((opts: DemoOptions) => runDemo(opts, ctx));
}
