/**
 * The chat inside another site's page (`embed.html?queue=NAME`, the widget's iframe): sign in with
 * an e-mailed code, then the chat page in that queue. Inside another site the browser sends no
 * SameSite=Strict cookie, so the session token is kept in this page's memory only (never in any
 * storage) and sent as `Authorization: Bearer`; closing or reloading the page signs out.
 */
import type { DeskEvent } from '../core/events.js';
import { api, keepSessionInMemory, type Contact } from './api.js';
import { h, replace } from './dom.js';
import { CustomerStream } from './stream.js';
import { signInPage } from './pages/sign-in.js';
import { chatPage } from './pages/chat.js';
import type { Session } from './app.js';

keepSessionInMemory();
const queue = new URLSearchParams(location.search).get('queue') || undefined;
const root = document.getElementById('app');
if (!root) throw new Error('embed.html has no #app');
const announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', id: 'announcer' });
const link = h('p', { class: 'link-state', id: 'link-state', role: 'status', 'data-state': 'connecting' });
const main = h('main', { id: 'main', tabindex: '-1' });
let stop: (() => void) | undefined;

const announce = (text: string): void => replace(announcer, h('p', {}, text));
const header = (...children: Array<HTMLElement | undefined>) =>
  h('header', { class: 'top' }, h('p', { class: 'brand' }, 'Helpdesk'), ...children);

function signIn(): void {
  stop?.();
  stop = undefined;
  replace(root!, header(), main);
  signInPage(main, (contact) => chat(contact));
}

async function chat(contact: Contact): Promise<void> {
  const listeners = new Set<(e: DeskEvent) => void>();
  const chats = (await api.chats()).items;
  const since = chats[0] ? (await api.chat(chats[0].id)).seq : 0;
  const stream = new CustomerStream(since, {
    event: (e) => listeners.forEach((fn) => fn(e)),
    state: (s) => {
      link.dataset.state = s;
      link.textContent =
        s === 'reconnecting' ? 'Reconnecting…' : s === 'signed-out' ? 'Your session has ended: sign in again.' : '';
    },
  });
  let leave: (() => void) | undefined;
  const session: Session = {
    contact,
    announce,
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    // Only the chat lives here: every other page of the portal needs the portal's own window.
    go: () => render(),
  };
  const render = () => {
    leave?.();
    leave = chatPage(main, session, queue);
  };
  stop = () => {
    leave?.();
    stream.stop();
    listeners.clear();
  };
  const signOut = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      id: 'sign-out',
      onClick: () => {
        api.logout().catch(() => undefined);
        signIn();
      },
    },
    'Sign out',
  );
  replace(root!, header(h('p', { class: 'who' }, contact.name), signOut), link, main);
  stream.start();
  render();
}

document.body.appendChild(announcer);
signIn();
