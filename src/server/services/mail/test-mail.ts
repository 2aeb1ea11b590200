/** `desk admin mail test ADDRESS`: one mail sent at once with the transport in effect, its outcome answered. */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { forbidden, invalid } from '../../../core/errors.js';
import { domainOf, formatMailAddress, mailTestInput, parseMailAddress, textToHtml } from '../../../core/mail.js';
import { smtpTransport, transportConfig } from './transport.js';

export async function sendTestMail(store: Store, actor: Actor, raw: unknown) {
  if (!actor.admin) throw forbidden('only an admin can send a test mail');
  const to = parseMailAddress(mailTestInput.parse(raw).to, 'the address').address;
  const config = await transportConfig(store.db, store);
  if (!config) throw invalid('no SMTP transport is set: desk admin mail set --smtp URL --from ADDRESS');
  const messageId = `<deskline.test-${randomUUID()}@${domainOf(config.from.address)}>`;
  const text = `This is a test mail from Deskline, sent by ${actor.name}.\n\nMail from this desk reaches you.\n`;
  const transport = smtpTransport(config.smtpUrl);
  try {
    await transport.sendMail({
      from: formatMailAddress(config.from),
      to,
      subject: 'Deskline test mail',
      text,
      html: textToHtml(text),
      messageId,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return { sent: true, to, messageId, error: null };
  } catch (err) {
    return { sent: false, to, messageId: null, error: err instanceof Error ? err.message : String(err) };
  } finally {
    transport.close();
  }
}
