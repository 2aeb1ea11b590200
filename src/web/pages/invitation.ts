/**
 * A technician's invitation to chat, shown live on every page: who invites, their first message,
 * Accept / Decline, the seconds left until it expires (from the server's expiry time), and that it
 * expired if the customer did not answer in time.
 */
import type { ChatMessage } from '../../core/chat.js';
import type { CustomerChat } from '../../core/customer-chat.js';
import { api } from '../api.js';
import type { Session } from '../app.js';
import { h, replace } from '../dom.js';

/** "… expires in 42 seconds." */
const expiresIn = (seconds: number) => `This invitation expires in ${seconds} second${seconds === 1 ? '' : 's'}.`;

/** Shows the invitations among `chats` (the customer's list when the session started), then new ones live. */
export function watchInvitations(banner: HTMLElement, session: Session, chats: readonly CustomerChat[]): () => void {
  const shown = new Map<number, HTMLElement>();
  const timers = new Map<number, ReturnType<typeof setInterval>>();
  const stopCountdown = (chatId: number) => {
    clearInterval(timers.get(chatId));
    timers.delete(chatId);
  };

  /**
   * Counts down each second to the server's expiry time. The server's clock need not agree with
   * this one: the time left is the expiry less the server's time when it answered, counted here.
   */
  const countdown = (chatId: number, line: HTMLElement, expiresAt: string, serverNow: string) => {
    const end = Date.now() + (Date.parse(expiresAt) - Date.parse(serverNow));
    const tick = () => {
      const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      line.dataset.seconds = String(left);
      line.textContent = expiresIn(left);
      if (left === 0) expired(chatId);
    };
    stopCountdown(chatId);
    timers.set(chatId, setInterval(tick, 1000));
    tick();
  };

  const show = async (chat: CustomerChat) => {
    if (shown.has(chat.id)) return;
    const who = chat.technician?.name ?? 'A technician';
    const problem = h('p', { class: 'problem', role: 'alert' });
    const first = h('p', { class: 'body' });
    const card = h('section', { class: 'card invitation', 'data-chat': chat.id, 'aria-label': 'Invitation to chat' });
    const left = h('p', { class: 'hint countdown' }, 'The invitation expires if it is not answered in time.');
    shown.set(chat.id, card);
    const answer = (verb: 'accept' | 'decline') =>
      api.answer(chat.id, verb).then(
        (c) => {
          stopCountdown(chat.id);
          card.remove();
          shown.delete(chat.id);
          if (verb === 'accept' && c.state === 'active') session.go('/chat');
          else if (c.state === 'expired') expired(chat.id);
        },
        (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
      );
    replace(
      card,
      h('h2', {}, `${who} invites you to a chat`),
      first,
      left,
      h('button', { type: 'button', class: 'accept', onClick: () => void answer('accept') }, 'Accept'),
      ' ',
      h('button', { type: 'button', class: 'secondary decline', onClick: () => void answer('decline') }, 'Decline'),
      problem,
    );
    banner.appendChild(card);
    session.announce(`${who} invites you to a chat.`);
    const detail = await api.chat(chat.id).catch(() => undefined);
    const m = detail?.messages.find((x: ChatMessage) => x.author.kind === 'technician' && !x.internal && !x.file);
    if (m) first.textContent = m.body;
    if (detail?.expiresAt && detail.now && shown.get(chat.id) === card)
      countdown(chat.id, left, detail.expiresAt, detail.now);
  };

  const expired = (chatId: number) => {
    stopCountdown(chatId);
    const card = shown.get(chatId);
    if (!card || card.dataset.expired) return;
    card.dataset.expired = 'true';
    replace(card, h('p', { role: 'status' }, 'This invitation expired.'));
  };

  for (const c of chats) if (c.initiatedBy === 'technician' && c.state === 'offered') void show(c);
  const unsubscribe = session.subscribe((e) => {
    const d = e.data as { customerChat?: CustomerChat; chatId?: number };
    const c = d.customerChat;
    if (e.type === 'chat.message' && d.chatId !== undefined && shown.has(d.chatId)) {
      const m = (e.data as { message?: ChatMessage }).message;
      const first = shown.get(d.chatId)?.querySelector('.body');
      if (m && m.author.kind === 'technician' && first && !first.textContent) first.textContent = m.body;
    }
    if (!c || c.initiatedBy !== 'technician') return;
    if (c.state === 'offered') void show(c);
    else if (c.state === 'expired') expired(c.id);
    else if (shown.has(c.id)) {
      stopCountdown(c.id);
      shown.get(c.id)?.remove();
      shown.delete(c.id);
    }
  });
  return () => {
    unsubscribe();
    for (const id of [...timers.keys()]) stopCountdown(id);
  };
}
