/**
 * Runs a Deskline server: opens the store, starts the event hub, listens, and
 * stops cleanly.
 */
import { Store } from './store/store.js';
import type { StoreConfig } from './store/dialect.js';
import { EventHub } from './events/hub.js';
import { buildApp } from './http/app.js';
import { maskText } from '../core/masking.js';
import { ManualClock, systemClock, type ServerClock } from './clock.js';
import { DeadlineSweeper } from './deadlines/sweeper.js';
import { registerDeadlineHandlers, registerMailDeadlines } from './deadline-handlers.js';
import { MailWorker } from './services/mail/worker.js';
import { MailboxReader } from './services/mail/reader.js';
import { useEnvironmentTransport, type EnvironmentTransport } from './services/mail/transport.js';
import { useServerUrl } from './services/mail/links.js';
import { WakeChannel } from './cluster/wake-channel.js';
import { hostname } from 'node:os';
import { applicationName as applicationNameFor } from './store/open.js';

export interface ServerOptions {
  readonly store: StoreConfig;
  readonly host: string;
  readonly port: number;
  readonly version: string;
  /** Events older than this are pruned from the log (clients older than that resync). */
  readonly eventRetentionMs: number;
  /** Where request logs go; null for none. Lines are masked before they are written. */
  readonly log: ((line: string) => void) | null;
  /** Use a manual clock that `PUT /v1/test/clock` moves (for tests only). */
  readonly testClock?: boolean;
  /** This node's name in logs, health answers and wake-ups (default: host name and process id). */
  readonly nodeName?: string;
  /**
   * Where lines about the database (unreachable at start-up and retried, connections lost and
   * listening again) go, masked like `log`; default: `log`.
   */
  readonly notice?: ((line: string) => void) | null;
  /** Proxies trusted to name the client in `X-Forwarded-For` (addresses or CIDR ranges, comma-separated). */
  readonly trustProxy?: string;
  /** The built customer web app to serve (default: the package's `dist/web`). */
  readonly webRoot?: string;
  /** The SMTP transport used while an admin has set none (`DESK_SMTP_URL`, `DESK_MAIL_FROM`). */
  readonly smtp?: EnvironmentTransport;
}

export interface RunningServer {
  readonly url: string;
  readonly store: Store;
  readonly clock: ServerClock;
  readonly sweeper: DeadlineSweeper;
  close(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const clock: ServerClock = options.testClock ? new ManualClock() : systemClock;
  const sink = options.log;
  const log = sink ? (line: string) => sink(maskText(line)) : () => {};
  const noticeSink = options.notice === undefined ? sink : options.notice;
  const notice = noticeSink ? (line: string) => noticeSink(maskText(line)) : () => {};
  const nodeName = options.nodeName ?? `${hostname()}:${process.pid}`;
  const applicationName = applicationNameFor(`deskline ${nodeName}`);
  // With PostgreSQL, a database that is not up yet is waited for (with a line each attempt).
  const store = await Store.open(options.store, () => clock.now(), {
    log: notice,
    waitForDatabase: true,
    applicationName,
  });
  if (options.smtp) useEnvironmentTransport(store, options.smtp);
  const hub = new EventHub(store.db);
  await hub.start();
  const sweeper = new DeadlineSweeper(store, clock, { log });
  registerDeadlineHandlers(sweeper, store);
  const mailWorker = new MailWorker(store, log);
  const mailboxReader = new MailboxReader(store, log);
  registerMailDeadlines(sweeper, mailWorker, mailboxReader);
  const wakeHub = () => void hub.wake().catch((err: unknown) => log(`event hub: ${String(err)}`));
  // With PostgreSQL other nodes may share the database: they wake us, we wake them.
  const channel =
    options.store.dialect === 'postgres'
      ? new WakeChannel({
          url: options.store.url,
          schema: options.store.schema ?? 'public',
          nodeName,
          onWake: wakeHub,
          log: notice,
          applicationName,
        })
      : undefined;
  await channel?.start();
  store.onCommit(() => {
    wakeHub();
    channel?.notify();
  });
  const app = await buildApp({
    store,
    hub,
    clock,
    sweeper,
    version: options.version,
    log,
    nodeName,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  useServerUrl(store, `http://${host}:${port}`);

  const prune = () => void hub.prune(store.now() - options.eventRetentionMs).catch((err: unknown) => log(String(err)));
  prune();
  sweeper.start();
  mailboxReader.start();
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
  pruneTimer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    store,
    clock,
    sweeper,
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruneTimer);
        await channel?.stop();
        await sweeper.stop();
        await mailWorker.stop();
        await mailboxReader.stop();
        await app.close();
        await store.close();
      })()),
  };
}
