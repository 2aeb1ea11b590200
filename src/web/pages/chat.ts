/**
 * The chat page: the customer's open chat (or a form to start one, with a queue picker when several
 * are open to customers and the address names none), its live transcript and composer, ending it,
 * rating it, and "everyone is busy — leave a ticket" when nobody can take it.
 */
import type { ChatMessage } from '../../core/chat.js';
import type { CustomerChat } from '../../core/customer-chat.js';
import type { DeskEvent } from '../../core/events.js';
import type { CustomerQueue, CustomerQueueList } from '../../core/customer-queues.js';
import { currentChat, isClosedChat, type CustomerChatDetail } from '../../core/portal-boot.js';
import { api, ApiError, clientId, type ChatList } from '../api.js';
import type { Session } from '../app.js';
import { h, replace } from '../dom.js';
import { composer, NOT_SENT } from './composer.js';
import { Transcript, type UnconfirmedLine } from './transcript.js';
import { ratingForm } from './rating.js';
import { isNotFound, notFound } from './not-found.js';

function headline(chat: CustomerChat): string {
  if (chat.left) return 'You left the session';
  if (chat.state === 'active') return `You are chatting with ${chat.technician?.name ?? 'the helpdesk'}`;
  if (chat.state === 'requested' || chat.state === 'offered') return 'Waiting for a technician…';
  if (chat.state === 'expired') return 'Nobody could take your chat in time';
  return `The chat has ${chat.state === 'declined' ? 'been declined' : 'ended'}`;
}

/** "Everyone is busy": a ticket instead of a chat. */
export function ticketForm(session: Session, intro: string): HTMLElement {
  const problem = h('p', { class: 'problem', role: 'alert' });
  const title = h('input', { id: 'ticket-title', name: 'title', required: true, maxlength: 300 });
  const message = h('textarea', { id: 'ticket-message', name: 'message', required: true, rows: 4 });
  const box: HTMLElement = h(
    'form',
    {
      class: 'card busy',
      id: 'ticket-form',
      onSubmit: (e: Event) => {
        e.preventDefault();
        api.leaveTicket(title.value, message.value).then(
          (t) => {
            const open = h('a', { href: `/tickets/${t.ticketId}` }, `Ticket #${t.ticketId}`);
            open.addEventListener('click', (ev) => {
              ev.preventDefault();
              session.go(`/tickets/${t.ticketId}`);
            });
            replace(box, h('p', { role: 'status', id: 'ticket-created' }, open, ` was created: ${t.title}`));
          },
          (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
        );
      },
    },
    h('h2', {}, 'Everyone is busy — leave a ticket'),
    h('p', {}, intro),
    h('label', { for: 'ticket-title' }, 'Subject'),
    title,
    h('label', { for: 'ticket-message' }, 'What do you need help with?'),
    message,
    h('button', { type: 'submit' }, 'Leave a ticket'),
    problem,
  );
  return box;
}

/**
 * What the page's first render may use instead of asking: the page's own data (src/core/portal-boot.ts)
 * or reads started at boot, beside the session check.
 */
export interface Preloaded {
  readonly chats: ChatList;
  readonly queues?: Promise<CustomerQueueList>;
  /** The chat the page opens, with its transcript. */
  readonly chat?: CustomerChatDetail;
}

export function chatPage(
  main: HTMLElement,
  session: Session,
  queue: string | undefined,
  chatId?: number,
  preloaded?: Preloaded,
): () => void {
  document.title = 'Chat — Helpdesk';
  let unsubscribe = () => {};
  let alive = true;
  const fail = (err: unknown) => {
    if (!alive) return;
    if (isNotFound(err)) replace(main, notFound(session, 'Chat', { path: '/chat', label: 'Chat with the helpdesk' }));
    else replace(main, h('p', { role: 'alert', class: 'problem' }, err instanceof Error ? err.message : String(err)));
  };

  /** The queues open to customers; without the list the chat goes to the default queue, as with one open. */
  const openQueues = (list = api.queues()): Promise<readonly CustomerQueue[]> =>
    list.then(
      (list) => list.items,
      () => [],
    );
  /** The first form's queues, asked for beside the chat list rather than after it. */
  /** The first chat shown, when the page's data holds it. */
  let firstChat = preloaded?.chat;
  let firstQueues = chatId === undefined && queue === undefined ? openQueues(preloaded?.queues) : undefined;

  /** Asks which queue when more than one is open to customers (unless the address names one). */
  function startForm(): void {
    if (queue !== undefined) return startFormWith([]);
    const queues = firstQueues ?? openQueues();
    firstQueues = undefined;
    void queues.then((items) => {
      if (alive) startFormWith(items);
    });
  }

  function startFormWith(queues: readonly CustomerQueue[]): void {
    const first = h('textarea', { id: 'first-message', name: 'message', rows: 3 });
    const problem = h('p', { class: 'problem', role: 'alert' });
    const picker =
      queues.length > 1
        ? h(
            'select',
            { id: 'queue-picker', name: 'queue', required: true },
            ...queues.map((q) => h('option', { value: q.name, selected: q.isDefault }, q.name)),
          )
        : undefined;
    replace(
      main,
      h(
        'form',
        {
          class: 'card',
          id: 'start-chat',
          onSubmit: (e: Event) => {
            e.preventDefault();
            api.request(picker?.value ?? queue, first.value.trim() || undefined).then(
              (r) => void show(r.chat.id, r.busy),
              (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
            );
          },
        },
        h('h1', {}, 'Chat with the helpdesk'),
        picker && h('label', { for: 'queue-picker' }, 'Topic'),
        picker,
        h('label', { for: 'first-message' }, 'What do you need help with? (optional)'),
        first,
        h('button', { type: 'submit' }, 'Start a chat'),
        problem,
      ),
    );
    (picker ?? first).focus();
  }

  async function show(chatId: number, busy = false): Promise<void> {
    unsubscribe();
    // Events that arrive while the chat loads wait for it.
    let pending: DeskEvent[] | undefined = [];
    let handle = (e: DeskEvent): void => void pending?.push(e);
    unsubscribe = session.subscribe((e) => handle(e));
    const early = firstChat?.id === chatId ? firstChat : undefined;
    firstChat = undefined;
    const detail = early ?? (await api.chat(chatId));
    if (!alive) return;
    let chat: CustomerChat = detail;
    const transcript = new Transcript(chatId, session.contact.id);
    const title = h('h1', { id: 'chat-title' }, headline(chat));
    const notices = h('div', { class: 'notices' });
    const end = h(
      'button',
      { type: 'button', id: 'end-chat', class: 'secondary' },
      detail.guest ? 'Leave session' : 'End chat',
    );
    const section = h('section', { class: 'chat', 'aria-labelledby': 'chat-title' });
    const sent = (m: ChatMessage) => transcript.add(m);
    /**
     * Sends a message shown on `line` (a new line for a new message). When it does not get through the
     * line says why and offers Retry; a refusal that would only repeat (a chat that ended) does not.
     */
    const deliver = (id: string, text: string, line?: UnconfirmedLine): Promise<unknown> => {
      const answer = session.send(chatId, text, id);
      const shown = line ?? transcript.sending(id, text);
      return answer.then(
        (m) => {
          sent(m);
          if (line) clearFailure();
        },
        (err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          const again = err instanceof ApiError && !err.passing ? undefined : () => void deliver(id, text, shown);
          shown.failed(reason, again);
          if (line) session.announce(`${NOT_SENT}: ${reason}`);
          if (!line) throw err;
        },
      );
    };
    const write = composer(chatId, section, { send: (text) => deliver(clientId(), text), sent });
    /** The composer's alert about a message not sent, once a retry got it through. */
    const clearFailure = () => {
      const problem = write.querySelector('#composer-problem');
      if (problem?.textContent?.startsWith(NOT_SENT)) problem.textContent = '';
    };
    for (const m of detail.messages) transcript.add(m);
    replace(section, h('div', { class: 'chat-head' }, title, end), transcript.list, notices, write);
    replace(main, section);

    const busyNotice = () => {
      if (notices.querySelector('#ticket-form, #ticket-created')) return;
      notices.appendChild(
        ticketForm(session, 'All technicians are busy right now. Leave a ticket and we will answer you by e-mail.'),
      );
    };
    const closed = () => {
      write.remove();
      transcript.closeRetries();
      end.remove();
      if (chat.state === 'expired' && chat.initiatedBy === 'customer') busyNotice();
      const rating = chat.state === 'ended' || chat.left ? ratingForm({ chat: chatId }) : undefined;
      if (rating) notices.appendChild(rating);
      const again = h(
        'button',
        { type: 'button', class: 'secondary', id: 'new-chat', onClick: startForm },
        'Start a new chat',
      );
      notices.appendChild(again);
      // The composer and the End button are gone: keyboard focus goes on to what can be done next.
      if (document.activeElement === null || document.activeElement === document.body) {
        (rating ?? again).focus();
      }
    };
    const update = (next: CustomerChat) => {
      // Who left a session hears no more of it.
      if (chat.left) return;
      const was = chat;
      chat = next;
      title.textContent = headline(chat);
      // Joins and transfers come as the server's own lines in the transcript.
      if (was.state !== 'active' && chat.state === 'active') session.announce(headline(chat));
      if (!isClosedChat(was) && isClosedChat(chat)) {
        transcript.note(headline(chat) + '.');
        session.announce(headline(chat));
        closed();
      }
    };
    end.addEventListener('click', () => {
      api.answer(chatId, 'end').then(update, fail);
    });

    handle = (e) => {
      const d = e.data as { chatId?: number; message?: ChatMessage; customerChat?: CustomerChat };
      if (d.chatId !== chatId || e.seq <= detail.seq) return;
      if (e.type === 'chat.message' && d.message) {
        const mine = d.message.author.kind === 'contact' && d.message.author.id === session.contact.id;
        if (transcript.add(d.message) && !mine) {
          session.announce(`${d.message.author.name}: ${d.message.file ? d.message.file.name : d.message.body}`);
        }
      } else if (e.type === 'chat.busy') busyNotice();
      else if (d.customerChat) update(d.customerChat);
    };
    for (const e of pending) handle(e);
    pending = undefined;
    if (busy) busyNotice();
    if (isClosedChat(chat)) closed();
    else document.getElementById('composer')?.focus();
  }

  if (chatId !== undefined) {
    show(chatId).catch(fail);
    return () => {
      alive = false;
      unsubscribe();
    };
  }
  (preloaded ? Promise.resolve(preloaded.chats) : api.chats())
    .then((list) => {
      if (!alive) return;
      const open = currentChat(list.items);
      if (open) {
        // A form started later asks again.
        firstQueues = undefined;
        return show(open.id);
      }
      startForm();
    })
    .catch(fail);

  return () => {
    alive = false;
    unsubscribe();
  };
}
