/**
 * The mail worker sends the outbox. Its deadline (`mail.send`) fires on one node: in that
 * transaction the mail is claimed (status `sending`, one more attempt) and its next attempt is set
 * `retryDelayMs` later, then — once that has committed — it is handed to the SMTP server. Success
 * marks it sent and drops the next attempt; a failure keeps the error and the next attempt stands,
 * and so does a crash between the two, so the mail goes out again with the same `Message-ID`.
 * Past `mail.give-up-after` a failing mail is given up, on the queue and the ticket's activity log.
 */
import type { Store, WriteScope } from '../../store/store.js';
import { cancel, schedule } from '../../deadlines/deadlines.js';
import { recordActivity } from '../tickets/activity.js';
import { issuePendingCode } from '../chat/code-delivery.js';
import { formatMailAddress, retryDelayMs } from '../../../core/mail.js';
import { MAIL_SEND } from './outbox.js';
import { smtpTransport, transportConfig, type TransportConfig } from './transport.js';
import { codeMailText } from './code-mail.js';
import { commentFileContents } from '../tickets/attachments.js';

type OutboxRow = NonNullable<Awaited<ReturnType<typeof loadMail>>>;

function loadMail(scope: WriteScope, id: number) {
  return scope.trx.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What goes on the wire for a claimed mail (a code is made now, and kept only as its hash). */
interface Claimed {
  readonly row: OutboxRow;
  readonly attempt: number;
  readonly config: TransportConfig;
  readonly text: string;
  readonly html: string;
}

const shortError = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export class MailWorker {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void,
  ) {}

  /** The `mail.send` deadline: claims the mail in the sweeper's transaction, sends after commit. */
  readonly fire = async (scope: WriteScope, ref: string): Promise<void> => {
    const claimed = await this.claim(scope, Number(ref));
    if (claimed) scope.afterCommit(() => this.track(this.deliver(claimed)));
  };

  /** Waits for the mail being sent right now (before the store closes). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async claim(scope: WriteScope, id: number): Promise<Claimed | undefined> {
    const { trx, now } = scope;
    const row = await loadMail(scope, id);
    if (!row || row.status === 'sent' || row.status === 'failed') return undefined;
    if (row.attempts > 0 && now >= Number(row.give_up_at)) {
      await this.giveUp(scope, row, row.last_error ?? 'not delivered in time');
      return undefined;
    }
    const config = await transportConfig(trx, this.store);
    if (!config) {
      await this.giveUp(scope, row, 'no SMTP transport is set (desk admin mail set)');
      return undefined;
    }
    let text = row.text_body;
    let html = row.html_body;
    if (row.kind === 'code') {
      const issued = row.contact_id === null ? undefined : await issuePendingCode(scope, Number(row.contact_id));
      if (!issued) {
        await this.giveUp(scope, row, 'the code was used, replaced or expired before it was sent');
        return undefined;
      }
      ({ text, html } = await codeMailText(trx, issued.code, issued.expiresAt - now));
    }
    const attempt = row.attempts + 1;
    const next = now + retryDelayMs(attempt);
    await trx
      .updateTable('mail_outbox')
      .set({ status: 'sending', attempts: attempt, next_attempt_at: next, updated_at: now })
      .where('id', '=', id)
      .execute();
    await schedule(scope, { kind: MAIL_SEND, ref: String(id), dueAt: next });
    return { row, attempt, config, text, html };
  }

  private async giveUp(scope: WriteScope, row: OutboxRow, reason: string): Promise<void> {
    await scope.trx
      .updateTable('mail_outbox')
      .set({ status: 'failed', last_error: reason, next_attempt_at: null, updated_at: scope.now })
      .where('id', '=', row.id)
      .execute();
    await cancel(scope, MAIL_SEND, String(row.id));
    if (row.ticket_id !== null) {
      await recordActivity(scope, null, Number(row.ticket_id), 'mail', null, `not delivered: ${reason}`);
    }
  }

  private async deliver(claimed: Claimed): Promise<void> {
    const { row, attempt, config } = claimed;
    const to = JSON.parse(row.to_addresses) as string[];
    const cc = JSON.parse(row.cc_addresses) as string[];
    let error: string | undefined;
    const transport = smtpTransport(config.smtpUrl);
    try {
      // A reply's files go with it, read when it is sent (as a download reads them).
      const files =
        row.kind === 'reply' && row.comment_id !== null
          ? await commentFileContents(this.store.db, Number(row.comment_id))
          : [];
      await transport.sendMail({
        from: formatMailAddress(config.from),
        to,
        cc,
        subject: row.subject,
        text: claimed.text,
        html: claimed.html,
        messageId: row.message_id,
        ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
        ...(row.reference_ids ? { references: row.reference_ids } : {}),
        ...(row.reply_to ? { replyTo: row.reply_to } : {}),
        headers: row.automatic ? { 'Auto-Submitted': 'auto-generated' } : {},
        attachments: files.map((f) => ({ filename: f.name, contentType: f.mime, content: f.data })),
      });
    } catch (err) {
      error = shortError(err);
    } finally {
      transport.close();
    }
    try {
      await this.store.write((scope) => this.record(scope, row, attempt, [...to, ...cc], error));
    } catch (err) {
      this.log(`mail ${row.id}: could not record the attempt: ${shortError(err)}`);
    }
  }

  private async record(
    scope: WriteScope,
    row: OutboxRow,
    attempt: number,
    recipients: string[],
    error: string | undefined,
  ): Promise<void> {
    const { trx, now } = scope;
    const current = await loadMail(scope, row.id);
    // Another attempt took over (this one outlived its claim): it records its own outcome.
    if (!current || current.status !== 'sending' || current.attempts !== attempt) return;
    if (error !== undefined) {
      this.log(`mail ${row.id} attempt ${attempt} failed: ${error}`);
      await trx
        .updateTable('mail_outbox')
        .set({ status: 'queued', last_error: error, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      return;
    }
    await trx
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: now, last_error: null, next_attempt_at: null, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await cancel(scope, MAIL_SEND, String(row.id));
    if (row.ticket_id !== null) {
      await recordActivity(scope, null, Number(row.ticket_id), 'mail', null, `sent to ${recipients.join(', ')}`);
    }
  }
}
