/**
 * The mail that carries a customer's one-time identity code (made when it is sent, never stored in
 * clear), from the `code` mail template: its subject when queued, its text and HTML when sent.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { formatDuration } from '../../../core/duration.js';
import type { Store, WriteScope } from '../../store/store.js';
import { queueMail } from './outbox.js';
import { transportConfig } from './transport.js';
import { renderMailOf } from './mail-templates.js';

/** The text and HTML of a code mail, made with `db` when it is sent. */
export async function codeMailText(
  db: Kysely<Database>,
  code: string,
  validMs: number,
): Promise<{ text: string; html: string }> {
  const mail = await renderMailOf(db, 'code', { code, 'code.valid_for': formatDuration(Math.max(0, validMs)) });
  return { text: mail.text, html: mail.html };
}

/**
 * Queues the code mail for a contact's new code request, inside that write, when a transport is
 * set (without one the code waits for `desk admin contacts code`). The code itself is made when
 * the mail is sent.
 */
export async function mailIdentityCode(
  scope: WriteScope,
  store: Store,
  contact: { id: number; email: string },
): Promise<boolean> {
  const config = await transportConfig(scope.trx, store);
  if (!config) return false;
  const { subject } = await renderMailOf(scope.trx, 'code', {});
  await queueMail(scope, config, {
    kind: 'code',
    automatic: true,
    contactId: contact.id,
    to: [contact.email.toLowerCase()],
    subject,
    text: '(a sign-in code, made when the mail is sent)',
    html: '',
  });
  return true;
}
