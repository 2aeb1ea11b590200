/**
 * What the portal's page carries for a signed-in customer (read by the server when it answers the
 * page, from the session cookie): the contact, their chats with the event sequence they were read at,
 * the queues open to customers and the chat the page opens, so the first page draws without asking.
 * The data rides in a `<script type="application/json">` block, never executed. Types only, and the
 * rule which chat the page opens.
 */
import type { ChatMessage } from './chat.js';
import type { CustomerChat } from './customer-chat.js';
import type { CustomerQueueList } from './customer-queues.js';

/** The id of the page's data block. */
export const PORTAL_BOOT_ID = 'desk-boot';

export interface PortalContact {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly company: { readonly id: number; readonly name: string };
}

export type CustomerChatDetail = CustomerChat & {
  readonly messages: ChatMessage[];
  readonly seq: number;
  readonly now?: string;
  /** The one asking joined the session as a guest. */
  readonly guest?: boolean;
};

export interface PortalBoot {
  readonly contact: PortalContact;
  readonly chats: { readonly items: readonly CustomerChat[]; readonly seq: number };
  readonly queues: CustomerQueueList;
  /** The chat the page opens ({@link currentChat} of the list), with its transcript. */
  readonly chat?: CustomerChatDetail;
}

const CLOSED = new Set<CustomerChat['state']>(['ended', 'declined', 'expired']);

/** Whether the chat is over for the customer (ended, or left as a guest): they can only read and rate it. */
export const isClosedChat = (c: Pick<CustomerChat, 'state' | 'left'>): boolean =>
  CLOSED.has(c.state) || c.left === true;

/** A technician's invitation the customer has not answered yet. */
const isInvitation = (c: Pick<CustomerChat, 'state' | 'initiatedBy'>): boolean =>
  c.initiatedBy === 'technician' && c.state === 'offered';

/** The chat the portal opens: the newest that is neither over nor an unanswered invitation. */
export function currentChat<T extends Pick<CustomerChat, 'state' | 'initiatedBy'>>(chats: readonly T[]): T | undefined {
  return chats.find((c) => !isClosedChat(c) && !isInvitation(c));
}
