/**
 * Automatic mail to one address (a chat or session invitation with its join link, say), queued in
 * the caller's write so it goes out only if that commits, sent and retried by the mail worker.
 */
import type { Store, WriteScope } from '../../store/store.js';
import { textToHtml } from '../../../core/mail.js';
import { queueMail } from './outbox.js';
import { transportConfig } from './transport.js';

export interface Notice {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The HTML part; made from the text when not given. */
  readonly html?: string;
  /** The ticket it concerns, if any: listed with it and logged on its activity when sent or given up. */
  readonly ticketId?: number;
}

/**
 * Queues `notice` inside `scope` (marked `Auto-Submitted: auto-generated`); answers false, sending
 * nothing, when no SMTP transport is set — the caller then shows the link or code another way.
 */
export async function mailNotice(scope: WriteScope, store: Store, notice: Notice): Promise<boolean> {
  const config = await transportConfig(scope.trx, store);
  if (!config) return false;
  await queueMail(scope, config, {
    kind: 'notice',
    automatic: true,
    ...(notice.ticketId === undefined ? {} : { ticketId: notice.ticketId }),
    to: [notice.to.toLowerCase()],
    subject: notice.subject.replace(/[\r\n]+/g, ' '),
    text: notice.text,
    html: notice.html ?? textToHtml(notice.text),
  });
  return true;
}
