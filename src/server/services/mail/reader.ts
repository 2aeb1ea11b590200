/**
 * Reads the mailboxes. Each has a `mail.poll` deadline: it fires on one node, which sets the next
 * read `POLL_MS` later in the same transaction and, once that has committed, fetches the unseen
 * messages in batches (fetch-batches.ts), imports each in a write of its own (inbound.ts; a batch's
 * writes are started together and share commits) and only then flags the batch's imported messages
 * seen on the server, in one STORE that runs while the next batch is imported — so a crash in
 * between leaves them unseen, read again, and recognised by their `Message-ID`. Where the server offers IDLE, a connection waits on each
 * mailbox (idle.ts) and a new message is read at once; polling stays as the fallback. Reads of one mailbox on a node run one at a time (one more is run
 * after the current if asked for meanwhile).
 */
import type { Store, WriteScope } from '../../store/store.js';
import { schedule } from '../../deadlines/deadlines.js';
import { imapFolder } from '../../../core/inbound-mail.js';
import { imapClient } from './imap.js';
import type { FetchMessageObject } from 'imapflow';
import { batchFacts, importRead, readMessage, type MailboxRow, type ReadMessage } from './inbound.js';
import { uidSet, unseenBatches } from './fetch-batches.js';
import { MAIL_POLL } from './mailboxes.js';
import { MailboxWatcher } from './idle.js';

/** How often a mailbox is read. */
export const POLL_MS = 30_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export class MailboxReader {
  private readonly inFlight = new Set<Promise<void>>();
  /** Per mailbox: the read running now, and whether another was asked for meanwhile. */
  private readonly reading = new Map<number, { again: boolean }>();
  private readonly watcher: MailboxWatcher;
  /** Per mailbox: the push this node last recorded, and its write (the next waits for it). */
  private readonly pushed = new Map<number, 'idle' | 'polling'>();
  private readonly pushWrites = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void,
  ) {
    this.watcher = new MailboxWatcher(
      (id) => this.track(this.arrived(id)),
      (id, push) => this.track(this.recordPush(id, push)),
      log,
    );
  }

  /** The `mail.poll` deadline: the next read is set now; this one runs after commit. */
  readonly fire = async (scope: WriteScope, ref: string): Promise<void> => {
    const row = await scope.trx.selectFrom('mailboxes').selectAll().where('id', '=', Number(ref)).executeTakeFirst();
    if (!row) return;
    await schedule(scope, { kind: MAIL_POLL, ref, dueAt: scope.now + POLL_MS });
    const mailbox = { id: row.id, company_id: row.company_id === null ? null : Number(row.company_id) };
    scope.afterCommit(() => {
      this.track(this.readOnce(mailbox, row.imap_url));
      this.track(this.watcher.ensure(mailbox.id, row.imap_url));
    });
  };

  /** Watches every mailbox at start-up (the polls that follow keep the watches up). */
  start(): void {
    this.track(
      (async () => {
        const rows = await this.store.db.selectFrom('mailboxes').select(['id', 'imap_url']).execute();
        await Promise.all(rows.map((r) => this.watcher.ensure(r.id, r.imap_url)));
      })().catch((err: unknown) => this.log(`mailboxes: ${message(err)}`)),
    );
  }

  /** Closes the IDLE connections and waits for the reads under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.watcher.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** A new message in a watched mailbox: read it now (the mailbox may have been removed meanwhile). */
  private async arrived(mailboxId: number): Promise<void> {
    if (this.stopped) return;
    const row = await this.store.db.selectFrom('mailboxes').selectAll().where('id', '=', mailboxId).executeTakeFirst();
    if (!row) {
      this.watcher.forget(mailboxId);
      return;
    }
    const mailbox = { id: row.id, company_id: row.company_id === null ? null : Number(row.company_id) };
    await this.readOnce(mailbox, row.imap_url);
  }

  /**
   * Records how a mailbox learns of new mail when that changes, one write after another per mailbox
   * (two at once could commit in either order and leave the older word).
   */
  private recordPush(mailboxId: number, push: 'idle' | 'polling'): Promise<void> {
    if (this.pushed.get(mailboxId) === push) return Promise.resolve();
    this.pushed.set(mailboxId, push);
    const write = () =>
      this.store
        .write(({ trx }) => trx.updateTable('mailboxes').set({ push }).where('id', '=', mailboxId).execute())
        .then(
          () => undefined,
          (err: unknown) => {
            if (this.pushed.get(mailboxId) === push) this.pushed.delete(mailboxId);
            this.log(`mailbox ${mailboxId}: ${message(err)}`);
          },
        );
    const next = (this.pushWrites.get(mailboxId) ?? Promise.resolve()).then(write);
    this.pushWrites.set(mailboxId, next);
    return next;
  }

  /** Reads the mailbox, one read at a time per mailbox; a read asked for during one runs after it. */
  private async readOnce(mailbox: MailboxRow, imapUrl: string): Promise<void> {
    const running = this.reading.get(mailbox.id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    this.reading.set(mailbox.id, state);
    try {
      while (state.again && !this.stopped) {
        state.again = false;
        await this.read(mailbox, imapUrl);
      }
    } finally {
      this.reading.delete(mailbox.id);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /**
   * Reads (parses) the batch's messages in order, then starts their imports together, so that their
   * writes share commits in that order; `imported` gets the UID of each that committed. Throws the
   * first failure once every started import has settled.
   */
  private async importBatch(mailbox: MailboxRow, batch: FetchMessageObject[], imported: number[]): Promise<void> {
    const read: Array<{ uid: number; message: ReadMessage }> = [];
    const failures: unknown[] = [];
    try {
      for (const { uid, source } of batch) if (source) read.push({ uid, message: await readMessage(source) });
    } catch (err) {
      failures.push(err);
    }
    const facts = await batchFacts(
      this.store,
      read.map((r) => r.message),
    );
    const writes = read.map(({ uid, message }) =>
      importRead(this.store, mailbox, message, facts).then((outcome) => {
        if (outcome.kind === 'ignored') this.log(`mailbox ${mailbox.id}: message ${uid} left: ${outcome.reason}`);
        imported.push(uid);
      }),
    );
    for (const r of await Promise.allSettled(writes)) if (r.status === 'rejected') failures.push(r.reason);
    if (failures.length > 0) throw failures[0];
  }

  private async read(mailbox: MailboxRow, imapUrl: string): Promise<void> {
    const client = imapClient(imapUrl);
    let error: string | null = null;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(imapFolder(new URL(imapUrl)));
      // The STORE flagging the previous batch, which runs while the next batch is imported.
      let flagged: Promise<unknown> = Promise.resolve();
      try {
        for await (const batch of unseenBatches(client)) {
          const imported: number[] = [];
          try {
            await this.importBatch(mailbox, batch, imported);
          } finally {
            // Flagged only now that their imports have committed, in one STORE per batch.
            if (imported.length > 0) {
              await flagged;
              flagged = client.messageFlagsAdd(uidSet(imported), ['\\Seen'], { uid: true });
              // Awaited before the next STORE or after the last batch; not unhandled meanwhile.
              flagged.catch(() => {});
            }
          }
        }
        await flagged;
      } finally {
        await flagged.catch(() => {});
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
