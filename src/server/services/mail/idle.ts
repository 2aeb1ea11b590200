/**
 * Push for mailboxes whose server offers IDLE: a connection per mailbox stays in IDLE on its
 * folder, and a new message (`exists`) has the reader read the mailbox at once instead of at the
 * next poll. Polling (reader.ts) goes on beside it: it starts a watch that is missing (after a
 * restart, a dropped connection) and reads servers without IDLE. The mailbox's `push` column says
 * which one finds new mail: `idle` while a watch is up, `polling` from the moment one is lost until
 * a poll starts a new one. Several nodes may each watch the same mailbox; the `Message-ID` claim in
 * inbound.ts lets only one of them import a message.
 */
import type { ImapFlow } from 'imapflow';
import { imapFolder } from '../../../core/inbound-mail.js';
import { imapClient } from './imap.js';

interface Watch {
  readonly url: string;
  readonly client: ImapFlow;
}

export class MailboxWatcher {
  private readonly watches = new Map<number, Watch>();
  /** Mailboxes whose server has no IDLE: left to polling. */
  private readonly polled = new Map<number, string>();
  private stopped = false;

  constructor(
    /** Reads the mailbox now (a new message arrived). */
    private readonly arrived: (mailboxId: number) => void,
    /** Records how the mailbox learns of new mail (shown by `desk admin mailboxes list`). */
    private readonly settled: (mailboxId: number, push: 'idle' | 'polling') => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Keeps an IDLE connection on the mailbox, unless there is one or its server has no IDLE. */
  async ensure(mailboxId: number, imapUrl: string): Promise<void> {
    if (this.stopped || this.polled.get(mailboxId) === imapUrl) return;
    const current = this.watches.get(mailboxId);
    if (current?.url === imapUrl) return;
    if (current) this.drop(mailboxId, current);
    const client = imapClient(imapUrl, { idle: true });
    const watch: Watch = { url: imapUrl, client };
    this.watches.set(mailboxId, watch);
    client.on('exists', () => this.arrived(mailboxId));
    client.on('close', () => {
      // A connection that closes while it is still the mailbox's watch was lost (not dropped here):
      // until the next poll starts a new one, new mail is found by polling.
      if (this.watches.get(mailboxId) !== watch) return;
      this.watches.delete(mailboxId);
      if (!this.stopped) this.settled(mailboxId, 'polling');
    });
    try {
      await client.connect();
      if (!client.capabilities.has('IDLE')) {
        this.polled.set(mailboxId, imapUrl);
        this.drop(mailboxId, watch);
        this.settled(mailboxId, 'polling');
        return;
      }
      await client.mailboxOpen(imapFolder(new URL(imapUrl)));
      if (this.stopped || this.watches.get(mailboxId) !== watch) {
        await this.close(client);
        return;
      }
      this.settled(mailboxId, 'idle');
      // What came in before the folder was open raised no `exists` here.
      this.arrived(mailboxId);
    } catch (err) {
      this.log(`mailbox ${mailboxId}: IDLE: ${err instanceof Error ? err.message : String(err)}`);
      const lost = this.watches.get(mailboxId) === watch;
      this.drop(mailboxId, watch);
      if (lost && !this.stopped) this.settled(mailboxId, 'polling');
    }
  }

  /** Stops watching a mailbox (removed, or its URL changed). */
  forget(mailboxId: number): void {
    this.polled.delete(mailboxId);
    const watch = this.watches.get(mailboxId);
    if (watch) this.drop(mailboxId, watch);
  }

  /** Logs every connection out (server shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.allSettled(all.map((w) => this.close(w.client)));
  }

  private drop(mailboxId: number, watch: Watch): void {
    if (this.watches.get(mailboxId) === watch) this.watches.delete(mailboxId);
    void this.close(watch.client);
  }

  private async close(client: ImapFlow): Promise<void> {
    if (!client.usable) {
      client.close();
      return;
    }
    await client.logout().catch(() => client.close());
  }
}
