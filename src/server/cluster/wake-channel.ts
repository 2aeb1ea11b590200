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
}

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
  private notifier: pg.Pool | undefined;
  private readonly options: WakeChannelOptions;
  private readonly channel: string;

  constructor(options: WakeChannelOptions) {
    this.options = options;
    this.channel = channelName(options.schema);
  }

  async start(): Promise<void> {
    const { default: pgModule } = await import('pg');
    this.notifier = new pgModule.Pool({ connectionString: this.options.url, max: 1 });
    await this.listen();
    this.poll = setInterval(() => this.options.onWake(), this.options.pollMs ?? 2000);
    this.poll.unref();
  }

  private async listen(): Promise<void> {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: this.options.url });
    client.on('notification', (msg) => {
      if (msg.payload !== this.options.nodeName) this.options.onWake();
    });
    client.on('error', (err) => {
      this.options.log(`wake channel: ${err.message}; reconnecting`);
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.listener = client;
    // Anything committed while we were not listening is read now.
    this.options.onWake();
  }

  private scheduleReconnect(): void {
    const old = this.listener;
    this.listener = undefined;
    void old?.end().catch(() => {});
    if (this.stopped || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.listen().catch(() => this.scheduleReconnect());
    }, 500);
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
