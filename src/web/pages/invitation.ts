/**
 * A technician's invitation to chat, shown live on every page: who invites, their first message,
 * Accept / Decline, and that it expired if the customer did not answer in time.
 */
import type { ChatMessage } from '../../core/chat.js';
import type { CustomerChat } from '../../core/customer-chat.js';
import { api } from '../api.js';
import type { Session } from '../app.js';
import { h, replace } from '../dom.js';

export function watchInvitations(banner: HTMLElement, session: Session): () => void {
  const shown = new Map<number, HTMLElement>();

  const show = async (chat: CustomerChat) => {
    if (shown.has(chat.id)) return;
    const who = chat.technician?.name ?? 'A technician';
    const problem = h('p', { class: 'problem', role: 'alert' });
    const first = h('p', { class: 'body' });
    const card = h('section', { class: 'card invitation', 'data-chat': chat.id, 'aria-label': 'Invitation to chat' });
    shown.set(chat.id, card);
    const answer = (verb: 'accept' | 'decline') =>
      api.answer(chat.id, verb).then(
        (c) => {
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
      h('p', { class: 'hint' }, 'The invitation expires if it is not answered within a few minutes.'),
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
  };

  const expired = (chatId: number) => {
    const card = shown.get(chatId);
    if (!card) return;
    replace(card, h('p', { role: 'status' }, 'The invitation to chat expired.'));
  };

  void api.chats().then((r) => {
    for (const c of r.items) if (c.initiatedBy === 'technician' && c.state === 'offered') void show(c);
  });
  return session.subscribe((e) => {
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
      shown.get(c.id)?.remove();
      shown.delete(c.id);
    }
  });
}
