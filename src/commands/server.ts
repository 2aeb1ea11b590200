/**
 * `desk server` (run the server), `desk server init` (create the account and first admin) and
 * `desk server token issue` (a new token for an admin, from the database).
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { storeConfig, type DatabaseFlags } from './server-config.js';
import { parseDuration } from '../core/duration.js';
import { invalid } from '../core/errors.js';
import { parseMailAddress, parseSmtpUrl } from '../core/mail.js';
import { say } from './output.js';
import { printJson } from './json.js';

declare const DESK_VERSION: string;
const version = typeof DESK_VERSION === 'string' ? DESK_VERSION : '0.0.0-dev';

interface ServeOptions extends DatabaseFlags {
  host: string;
  port: string;
  eventRetention: string;
  quiet?: boolean;
  testClock?: boolean;
  nodeName?: string;
  trustProxy?: string;
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw invalid(`--port must be a number from 0 to 65535, got "${raw}"`);
  return port;
}

/** Proxy addresses or CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`), comma-separated. */
function parseTrustProxy(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const ok = raw
    .split(',')
    .map((p) => p.trim())
    .every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/i.test(p));
  if (!ok) throw invalid(`--trust-proxy must be addresses or CIDR ranges separated by commas, got "${raw}"`);
  return raw;
}

/** `DESK_SMTP_URL` and `DESK_MAIL_FROM`, checked before the server starts. */
function smtpFromEnv(env: Context['env']): { smtpUrl: string; from?: string } | undefined {
  const url = env.DESK_SMTP_URL;
  if (!url) return undefined;
  const smtpUrl = parseSmtpUrl(url).toString();
  const from = env.DESK_MAIL_FROM;
  if (from) parseMailAddress(from, 'DESK_MAIL_FROM');
  return from ? { smtpUrl, from } : { smtpUrl };
}

export async function runServe(opts: ServeOptions, ctx: Context): Promise<void> {
  const port = parsePort(opts.port);
  const retention = parseDuration(opts.eventRetention);
  if (retention === undefined)
    throw invalid(`--event-retention must be a duration such as 30d, got "${opts.eventRetention}"`);
  const store = storeConfig(opts, ctx.env);
  const trustProxy = parseTrustProxy(opts.trustProxy ?? ctx.env.DESK_TRUST_PROXY);
  const smtp = smtpFromEnv(ctx.env);
  const { startServer } = await import('../server/index.js');
  const server = await startServer({
    store,
    host: opts.host,
    port,
    version,
    eventRetentionMs: retention,
    testClock: opts.testClock === true,
    ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
    ...(trustProxy ? { trustProxy } : {}),
    ...(smtp ? { smtp } : {}),
    log: opts.quiet ? null : (line) => ctx.stderr.write(`${new Date().toISOString()} ${line}\n`),
    // What happens to the database is written even with --quiet (which silences request logs).
    notice: (line) => ctx.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
  ctx.stdout.write(`listening on ${server.url}\n`);
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

interface InitOptions extends DatabaseFlags {
  name: string;
  email: string;
  account: string;
  json?: boolean;
}

export async function runInit(opts: InitOptions, ctx: Context): Promise<void> {
  const config = storeConfig(opts, ctx.env);
  const { Store, initAccount } = await import('../server/index.js');
  const store = await Store.open(config);
  try {
    const { technician, token } = await initAccount(store, {
      accountName: opts.account,
      name: opts.name,
      email: opts.email,
    });
    if (opts.json) return printJson(ctx, { ...technician, token });
    const where = config.dialect === 'sqlite' ? config.path : 'PostgreSQL';
    say(
      ctx,
      `Created account "${opts.account}" in ${where} with admin ${technician.name}; the admin's API token, shown once:`,
    );
    ctx.stdout.write(`${token}\n`);
  } finally {
    await store.close();
  }
}

interface TokenIssueOptions extends DatabaseFlags {
  email: string;
  json?: boolean;
}

/** Issues a token for an admin straight in the database: recovery when no admin holds a token. */
export async function runTokenIssue(opts: TokenIssueOptions, ctx: Context): Promise<void> {
  const config = storeConfig(opts, ctx.env);
  const { Store, issueAdminToken } = await import('../server/index.js');
  const store = await Store.open(config);
  try {
    const { technician, token } = await issueAdminToken(store, opts.email);
    if (opts.json) return printJson(ctx, { ...technician, token });
    say(ctx, `Issued a new API token for admin ${technician.name} <${technician.email}>, shown once:`);
    ctx.stdout.write(`${token}\n`);
  } finally {
    await store.close();
  }
}

function databaseOptions(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'SQLite database file (default: DESK_DB or the user data directory)')
    .option('--postgres <url>', 'PostgreSQL connection URL (or DESK_POSTGRES_URL)')
    .option('--postgres-schema <name>', 'PostgreSQL schema to use (or DESK_POSTGRES_SCHEMA; created if missing)');
}

export function register(program: Command, ctx: Context): void {
  const server = databaseOptions(
    program
      .command('server')
      .description('Run the Deskline server')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--port <port>', 'port to listen on (0 picks a free one)', '7420')
      .option('--event-retention <duration>', 'keep events this long for stream resume', '30d')
      .option('--quiet', 'do not log requests')
      .option('--node-name <name>', 'name of this node in logs and health checks (default: host:pid)')
      .option(
        '--trust-proxy <addresses>',
        'proxies (comma-separated addresses or CIDR ranges) whose X-Forwarded-For names the client (or DESK_TRUST_PROXY)',
      )
      .option('--test-clock', 'run on a manual clock moved by PUT /v1/test/clock (tests only)'),
  ).action((opts: ServeOptions) => runServe(opts, ctx));

  databaseOptions(
    server
      .command('init')
      .description("Create the account and its first admin on a database, and print the admin's API token once")
      .requiredOption('--name <name>', "the admin's name")
      .requiredOption('--email <email>', "the admin's e-mail address")
      .option('--account <name>', 'name of the account (your helpdesk)', 'Deskline')
      .option('--json', 'print machine-readable JSON only'),
  ).action((opts: InitOptions) => runInit(opts, ctx));

  databaseOptions(
    server
      .command('token')
      .description("Recover an account: manage admins' API tokens straight in the database")
      .command('issue')
      .description('Issue a new API token for an admin, with database access instead of a token; print it once')
      .requiredOption('--email <email>', "the admin's e-mail address")
      .option('--json', 'print machine-readable JSON only'),
  ).action((opts: TokenIssueOptions) => runTokenIssue(opts, ctx));
}
