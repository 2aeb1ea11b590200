/** The mail that carries a customer's one-time identity code (made when it is sent, never stored in clear). */
import { formatDuration } from '../../../core/duration.js';
import { textToHtml } from '../../../core/mail.js';
import type { Store, WriteScope } from '../../store/store.js';
import { queueMail } from './outbox.js';
import { transportConfig } from './transport.js';

export const CODE_SUBJECT = 'Your sign-in code';

export function codeMailText(code: string, validMs: number): { text: string; html: string } {
  const text = `Your sign-in code is ${code}\n\nIt is valid for ${formatDuration(Math.max(0, validMs))}. If you did not ask for it, ignore this mail.\n`;
  return { text, html: textToHtml(text) };
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
  await queueMail(scope, config, {
    kind: 'code',
    automatic: true,
    contactId: contact.id,
    to: [contact.email.toLowerCase()],
    subject: CODE_SUBJECT,
    text: '(a sign-in code, made when the mail is sent)',
    html: '',
  });
  return true;
}
