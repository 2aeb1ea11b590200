/**
 * The data the portal's page carries for a customer signed in by the session cookie (see
 * src/core/portal-boot.ts): read when the page is asked for, so its first frame needs no request.
 * Without a valid cookie there is none and the page signs in as usual; a bad cookie is not counted
 * or cleared here (the page's first API request does that).
 */
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';
import type { EventHub } from '../events/hub.js';
import { authenticateCustomer, customerProfile } from '../services/chat/customers.js';
import { customerChats, customerShow } from '../services/chat/customer-chats.js';
import { customerQueues } from '../services/chat/queues.js';
import { isDeskError } from '../../core/errors.js';
import { PORTAL_BOOT_ID, currentChat, type PortalBoot } from '../../core/portal-boot.js';
import { CUSTOMER_COOKIE, cookieValue } from './customer-cookie.js';

/** JSON that cannot end the `<script>` block or open markup inside it, whatever the strings hold. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The signed-in customer's page data, or undefined without a valid session cookie. */
export async function portalBoot(
  store: Store,
  hub: EventHub,
  request: FastifyRequest,
): Promise<PortalBoot | undefined> {
  const token = cookieValue(request, CUSTOMER_COOKIE);
  if (token === undefined) return undefined;
  let customer;
  try {
    customer = await authenticateCustomer(store.db, token);
  } catch (err) {
    if (isDeskError(err) && err.code === 'unauthenticated') return undefined;
    throw err;
  }
  // Read before the lists: every event up to it is in them.
  const seq = hub.head;
  const [contact, chats, queues] = await Promise.all([
    customerProfile(store.db, customer),
    customerChats(store.db, customer),
    customerQueues(store.db),
  ]);
  const open = currentChat(chats.items);
  const chat = open ? await customerShow(store.db, customer, open.id, store.now()) : undefined;
  return { contact, chats: { items: chats.items, seq }, queues, ...(chat ? { chat } : {}) };
}

/** The page with its data block added before `</body>`. */
export function withBoot(html: string, boot: PortalBoot): string {
  const block = `<script type="application/json" id="${PORTAL_BOOT_ID}">${scriptSafeJson(boot)}</script>\n`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + block : html.slice(0, at) + block + html.slice(at);
}
