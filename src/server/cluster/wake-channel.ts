/**
 * Wakes the other nodes on one PostgreSQL database when events were committed
 * (LISTEN/NOTIFY). The event log stays the source of truth: a woken node reads
 * the log from its last sequence, so a lost notification delays an event by at
 * most one poll and never loses it. Notifications are coalesced: while one is
 * on its way, further commits ask for just one more, because NOTIFY takes a
 * global lock at commit and one per message would throttle every writer.
 */
import type pg from 'pg';

export interface WakeChannelOptions {
  readonly url: string;
  /** Names the channel, so nodes of different schemas in one database do not wake each other. */
  readonly schema: string;
  /** Who sends; nodes ignore their own notifications. */
  readonly nodeName: string;
  readonly onWake: () => void;
  readonly log: (line: string) => void;
  /** Wake anyway this often, in case a notification was missed while reconnecting. */
  readonly pollMs?: number;
  /** Shown in `pg_stat_activity.application_name` for the channel's connections. */
  readonly applicationName?: string;
}

/** Pauses between attempts to listen again after the connection was lost (doubling up to the last). */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

export function channelName(schema: string): string {
  return `desk_events_${schema.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 63).toLowerCase();
}

export class WakeChannel {
  private listener: pg.Client | undefined;
  private sending = false;
  private pending = false;
  private stopped = false;
  private poll: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private attempts = 0;
  private notifier: pg.Pool | undefined;
  private readonly options: WakeChannelOptions;
  private readonly channel: string;

  constructor(options: WakeChannelOptions) {
    this.options = options;
    this.channel = channelName(options.schema);
  }

  async start(): Promise<void> {
    const { default: pgModule } = await import('pg');
    this.notifier = new pgModule.Pool({ connectionString: this.options.url, max: 1, ...this.appName() });
    // The database may terminate the idle notifier connection: the next notification opens another.
    this.notifier.on('error', (err) => this.options.log(`wake channel: notifier connection lost: ${err.message}`));
    await this.listen().catch((err: Error) => this.lost(err, undefined));
    this.poll = setInterval(() => this.options.onWake(), this.options.pollMs ?? 2000);
    this.poll.unref();
  }

  private appName(): { application_name?: string } {
    const name = this.options.applicationName;
    return name ? { application_name: name } : {};
  }

  private async listen(): Promise<void> {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: this.options.url, ...this.appName() });
    client.on('notification', (msg) => {
      if (msg.payload !== this.options.nodeName) this.options.onWake();
    });
    client.on('error', (err) => this.lost(err, client));
    client.on('end', () => this.lost(new Error('connection ended'), client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      void client.end().catch(() => {});
      throw err;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    if (this.attempts > 0) this.options.log('wake channel: listening again; catching up from the event log');
    this.attempts = 0;
    // Anything committed while we were not listening is read now.
    this.options.onWake();
  }

  /** The listening connection is gone (or never came up): listen again after a pause that grows. */
  private lost(err: Error, client: pg.Client | undefined): void {
    if (this.stopped) return;
    if (client && this.listener !== client) return; // an old connection's late news
    this.listener = undefined;
    if (client) void client.end().catch(() => {});
    if (this.reconnect) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempts);
    this.attempts += 1;
    this.options.log(
      `wake channel: ${err.message}; listening again in ${(delay / 1000).toFixed(1)}s (attempt ${this.attempts})`,
    );
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.listen().catch((e: Error) => this.lost(e, undefined));
    }, delay);
    this.reconnect.unref();
  }

  /** Tells the other nodes that events were committed (at most one notification in flight). */
  notify(): void {
    if (this.stopped || !this.notifier) return;
    if (this.sending) {
      this.pending = true;
      return;
    }
    this.sending = true;
    this.notifier
      .query('select pg_notify($1, $2)', [this.channel, this.options.nodeName])
      .catch((err: Error) => this.options.log(`wake channel: ${err.message}`))
      .finally(() => {
        this.sending = false;
        if (this.pending) {
          this.pending = false;
          this.notify();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => {});
    await this.notifier?.end().catch(() => {});
  }
}
