/**
 * `desk demo`: an embedded server on a fresh data directory with sample data,
 * the CLI logged in to it as a technician, and the TUI open on a terminal
 * (`--no-tui`, or no terminal: what to try next, until Ctrl-C).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Context } from './context.js';
import { saveProfile } from '../client/profiles.js';
import { colours } from './output.js';

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
  await saveProfile(ctx.env, 'demo', { server: server.url, token: me.token }, true);
  const c = colours(ctx);
  const tui = opts.tui !== false && ctx.stdout.isTTY === true && ctx.stdin.isTTY === true;
  ctx.stdout.write(
    [
      c.bold(`Deskline demo running at ${server.url}`),
      `data: ${dbPath}`,
      `You are logged in as ${me.name} (profile "demo", now the current profile).`,
      `Admin token (for desk admin …): ${data.adminToken}`,
      '',
      'Try, in another terminal:',
      '  desk tickets list',
      '  desk tickets list --status all --sort priority --limit 10',
      '  desk tickets show 1',
      '  desk tickets reply 1 --message "On my way" --status pending',
      '  desk tickets list --json --assignee me',
      '  desk technicians list',
      '',
      tui ? 'Quitting the TUI (q) stops the demo server.' : 'Press Ctrl-C to stop the demo server.',
      '',
    ].join('\n'),
  );
  if (tui) {
    // The workspace itself, logged in as the demo technician; quitting it stops the demo.
    const { runTui } = await import('../tui/run.js');
    const { maskText } = await import('../core/masking.js');
    try {
      await runTui({
        server: server.url,
        token: me.token,
        mask: maskText,
        env: ctx.env,
        stdout: ctx.stdout as NodeJS.WriteStream,
        stdin: ctx.stdin as NodeJS.ReadStream,
      });
    } finally {
      await server.close();
    }
    ctx.stdout.write(`Demo stopped (its database stays in ${dir}).\n`);
    return;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
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
