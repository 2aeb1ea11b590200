/**
 * Reads the mailboxes. Each has a `mail.poll` deadline: it fires on one node, which sets the next
 * read `POLL_MS` later in the same transaction and, once that has committed, fetches the unseen
 * messages, imports each in a transaction of its own (inbound.ts) and only then flags it seen on
 * the server — so a crash in between leaves the message unseen, read again, and recognised by its
 * `Message-ID`. Reading is by polling.
 */
import type { Store, WriteScope } from '../../store/store.js';
import { schedule } from '../../deadlines/deadlines.js';
import { imapFolder } from '../../../core/inbound-mail.js';
import { imapClient } from './imap.js';
import { importMessage, type MailboxRow } from './inbound.js';
import { MAIL_POLL } from './mailboxes.js';

/** How often a mailbox is read. */
export const POLL_MS = 30_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export class MailboxReader {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void,
  ) {}

  /** The `mail.poll` deadline: the next read is set now; this one runs after commit. */
  readonly fire = async (scope: WriteScope, ref: string): Promise<void> => {
    const row = await scope.trx.selectFrom('mailboxes').selectAll().where('id', '=', Number(ref)).executeTakeFirst();
    if (!row) return;
    await schedule(scope, { kind: MAIL_POLL, ref, dueAt: scope.now + POLL_MS });
    const mailbox = { id: row.id, company_id: row.company_id === null ? null : Number(row.company_id) };
    scope.afterCommit(() => this.track(this.read(mailbox, row.imap_url)));
  };

  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async read(mailbox: MailboxRow, imapUrl: string): Promise<void> {
    const client = imapClient(imapUrl);
    let error: string | null = null;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(imapFolder(new URL(imapUrl)));
      try {
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!msg || !msg.source) continue;
          const outcome = await importMessage(this.store, mailbox, msg.source);
          if (outcome.kind === 'ignored') this.log(`mailbox ${mailbox.id}: message ${uid} left: ${outcome.reason}`);
          // Flagged only now that its import has committed.
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } catch (err) {
      error = message(err);
      this.log(`mailbox ${mailbox.id}: ${error}`);
    } finally {
      await client.logout().catch(() => client.close());
    }
    await this.store
      .write(({ trx }) =>
        trx.updateTable('mailboxes').set({ last_error: error }).where('id', '=', mailbox.id).execute(),
      )
      .catch((err: unknown) => this.log(`mailbox ${mailbox.id}: ${message(err)}`));
  }
}
