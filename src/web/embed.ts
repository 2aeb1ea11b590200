/**
 * The chat inside another site's page (`embed.html?queue=NAME`, the widget's iframe): sign in with
 * an e-mailed code, then the chat page in that queue. Inside another site the browser sends no
 * SameSite=Strict cookie, so the session token is kept in this page's memory only (never in any
 * storage) and sent as `Authorization: Bearer`; closing or reloading the page signs out.
 */
import { api, keepSessionInMemory, type Contact } from './api.js';
import { h, replace } from './dom.js';
import { openCustomerFeed } from './stream.js';
import { signInPage } from './pages/sign-in.js';
import { chatPage, type Preloaded } from './pages/chat.js';
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
  const chats = await api.chats();
  const feed = openCustomerFeed(chats.seq, (s) => {
    link.dataset.state = s;
    link.textContent =
      s === 'reconnecting' ? 'Reconnecting…' : s === 'signed-out' ? 'Your session has ended: sign in again.' : '';
  });
  let leave: (() => void) | undefined;
  let first: Preloaded | undefined = { chats };
  const session: Session = {
    contact,
    announce,
    subscribe: feed.subscribe,
    send: feed.send,
    // Only the chat lives here: every other page of the portal needs the portal's own window.
    go: () => render(),
  };
  const render = () => {
    leave?.();
    leave = chatPage(main, session, queue, undefined, first);
    first = undefined;
  };
  stop = () => {
    leave?.();
    feed.stop();
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
  render();
}

document.body.appendChild(announcer);
signIn();
