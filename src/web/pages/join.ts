/**
 * Joining a support session: by the single-use link a technician sent (`/join/TOKEN`, exchanged for
 * a session at once, so the token leaves the address bar and dies), or, signed in, by typing the
 * session's nine-digit number.
 */
import { call, type Contact } from '../api.js';
import type { Session } from '../app.js';
import { h, replace } from '../dom.js';

/** Exchanges a join link's token for a session cookie; answers the contact and the chat to open. */
export async function joinByLink(token: string): Promise<{ contact: Contact; chatId: number }> {
  const joined = await call<{ customer: Contact; chatId: number }>('POST', '/join', { token, session: 'cookie' });
  return { contact: joined.customer, chatId: joined.chatId };
}

export function joinPage(main: HTMLElement, session: Session): () => void {
  document.title = 'Join a session — Helpdesk';
  const problem = h('p', { class: 'problem', role: 'alert', id: 'join-problem' });
  const number = h('input', {
    id: 'session-number',
    name: 'session-number',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    pattern: '[0-9 ]{9,11}',
    required: true,
    'aria-describedby': 'join-problem',
  });
  replace(
    main,
    h(
      'form',
      {
        class: 'card',
        id: 'join-form',
        onSubmit: (e: Event) => {
          e.preventDefault();
          problem.textContent = '';
          call<{ chatId: number }>('POST', '/chats/join', { sessionNumber: number.value.replace(/\s+/g, '') }).then(
            (r) => session.go(`/chat?chat=${r.chatId}`),
            (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
          );
        },
      },
      h('h1', {}, 'Join a support session'),
      h('p', {}, 'Type the session number your technician gave you.'),
      h('label', { for: 'session-number' }, 'Session number'),
      number,
      h('button', { type: 'submit' }, 'Join'),
      problem,
    ),
  );
  number.focus();
  return () => {};
}
