/**
 * What a customer's event stream carries of the chats they joined besides their own: the events the
 * chat's contact gets, from the messages after the one before they joined, while they are in it.
 * The chats are loaded when the stream opens and follow the joins and leaves addressed to them.
 */
import type { HubEvent } from '../events/hub.js';

interface ChatEventData {
  readonly chatId?: number;
  readonly change?: string;
  readonly message?: { readonly id?: number };
}

function dataOf(e: HubEvent): ChatEventData | undefined {
  if (!e.type.startsWith('chat.')) return undefined;
  try {
    return (JSON.parse(e.message) as { event?: { data?: ChatEventData } }).event?.data;
  } catch {
    return undefined;
  }
}

/** Notes a join or leave addressed to this customer; answers true (their own events are always theirs). */
export function followGuest(joined: Map<number, number>, e: HubEvent): true {
  if (e.type === 'chat.updated') {
    const data = dataOf(e);
    if (data?.chatId !== undefined && data.change === 'customer-joined' && !joined.has(data.chatId)) {
      // Their transcript starts after the messages already there: the stream carries only new ones.
      joined.set(data.chatId, 0);
    }
    if (data?.chatId !== undefined && data.change === 'customer-left') joined.delete(data.chatId);
  }
  return true;
}

/** Whether an event addressed to another customer belongs to a chat this one is in, after they came. */
export function guestSees(joined: Map<number, number>, e: HubEvent): boolean {
  if (e.contactId === null) return false;
  const data = dataOf(e);
  if (data?.chatId === undefined) return false;
  const after = joined.get(data.chatId);
  if (after === undefined) return false;
  if (e.type === 'chat.message') return (data.message?.id ?? 0) > after;
  return true;
}
