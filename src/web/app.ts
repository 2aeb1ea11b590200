/**
 * The customer web portal: sign in with an e-mail code, chat with the helpdesk, and follow "My
 * tickets". One page for every path (`/`, `/chat`, `/tickets`, `/tickets/ID`); the session is an
 * HttpOnly cookie, so a reload stays signed in and page scripts never hold the token.
 */
import type { ChatMessage } from '../core/chat.js';
import type { DeskEvent } from '../core/events.js';
import { PORTAL_BOOT_ID, type PortalBoot } from '../core/portal-boot.js';
import { api, ApiError, type ChatList, type Contact } from './api.js';
import { h, replace } from './dom.js';
import { openCustomerFeed, type LinkState } from './stream.js';
import { signInPage } from './pages/sign-in.js';
import { chatPage, type Preloaded } from './pages/chat.js';
import { ticketsPage, ticketPage } from './pages/tickets.js';
import { watchInvitations } from './pages/invitation.js';
import { joinByLink, joinPage } from './pages/join.js';

export interface Session {
  readonly contact: Contact;
  /** Announces a sentence to screen readers (the page's polite live region). */
  announce(text: string): void;
  /** Calls `fn` for every event of the stream until the returned function is called. */
  subscribe(fn: (e: DeskEvent) => void): () => void;
  /** Sends a chat message with client id `id` (on the event stream while it is open, else by POST). */
  send(chatId: number, body: string, id: string): Promise<ChatMessage>;
  /** Opens a path of the app without reloading. */
  go(path: string): void;
}

const LINK_TEXT: Record<LinkState, string> = {
  connecting: 'Connecting…',
  live: '',
  reconnecting: 'Reconnecting… your messages will appear as soon as the connection is back.',
  'signed-out': 'Your session has ended: sign in again.',
};

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app');
const announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', id: 'announcer' });
const link = h('p', { class: 'link-state', id: 'link-state', role: 'status', 'data-state': 'connecting' });
const main = h('main', { id: 'main', tabindex: '-1' });
const banner = h('div', { id: 'invitations' });
let session: (Session & { stop(): void }) | undefined;
let leave: (() => void) | undefined;
/** Reads the first render may use, once (see {@link boot}). */
let preloaded: Preloaded | undefined;

function announce(text: string): void {
  // A new node each time so that the same sentence twice is read twice.
  replace(announcer, h('p', {}, text));
}

function go(path: string): void {
  if (location.pathname + location.search !== path) history.pushState(null, '', path);
  render();
}

function nav(): HTMLElement {
  const item = (path: string, label: string) =>
    h(
      'a',
      {
        href: path,
        'aria-current': location.pathname.startsWith(path) ? 'page' : undefined,
        onClick: (e: Event) => {
          e.preventDefault();
          go(path);
        },
      },
      label,
    );
  return h(
    'nav',
    { 'aria-label': 'Portal' },
    item('/chat', 'Chat'),
    item('/tickets', 'My tickets'),
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        id: 'sign-out',
        onClick: () => void signOut(),
      },
      'Sign out',
    ),
  );
}

async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // Signed out already: the page forgets the session either way.
  }
  session?.stop();
  session = undefined;
  go('/');
}

/**
 * Starts the signed-in part: the event stream after the sequence `chats` was read at, and
 * invitations (those in `chats`, then new ones) shown on every page.
 */
function startSession(contact: Contact, chats: ChatList): void {
  const feed = openCustomerFeed(chats.seq, (s) => {
    link.dataset.state = s;
    link.textContent = LINK_TEXT[s];
  });
  const base = { contact, announce, subscribe: feed.subscribe, send: feed.send, go };
  const stopInvitations = watchInvitations(banner, base, chats.items);
  session = {
    ...base,
    stop: () => {
      stopInvitations();
      feed.stop();
    },
  };
}

function render(): void {
  leave?.();
  leave = undefined;
  const path = location.pathname;
  if (!session) {
    document.title = 'Sign in — Helpdesk';
    replace(root!, h('header', { class: 'top' }, h('p', { class: 'brand' }, 'Helpdesk')), main);
    leave = signInPage(main, async (contact) => {
      startSession(contact, await api.chats());
      go(path === '/' ? '/chat' : path + location.search);
    });
    return;
  }
  replace(
    root!,
    h(
      'header',
      { class: 'top' },
      h('p', { class: 'brand' }, 'Helpdesk'),
      h('p', { class: 'who' }, session.contact.name),
      nav(),
    ),
    link,
    banner,
    main,
  );
  const ticket = /^\/tickets\/(\d+)$/.exec(path);
  if (ticket) leave = ticketPage(main, session, Number(ticket[1]));
  else if (path.startsWith('/tickets')) leave = ticketsPage(main, session);
  else if (path === '/join') leave = joinPage(main, session);
  else {
    const query = new URLSearchParams(location.search);
    const chat = Number(query.get('chat'));
    leave = chatPage(
      main,
      session,
      query.get('queue') ?? undefined,
      Number.isInteger(chat) && chat > 0 ? chat : undefined,
      preloaded,
    );
  }
  preloaded = undefined;
}

/** The page's data block (src/core/portal-boot.ts), taken out of the page once read. */
function readBoot(): PortalBoot | undefined {
  const block = document.getElementById(PORTAL_BOOT_ID);
  if (!block) return undefined;
  block.remove();
  try {
    return JSON.parse(block.textContent ?? '') as PortalBoot;
  } catch {
    return undefined;
  }
}

async function boot(): Promise<void> {
  replace(root!, announcer);
  document.body.appendChild(announcer);
  window.addEventListener('popstate', render);
  const link = /^\/join\/([^/]+)$/.exec(location.pathname);
  if (link) {
    // The single-use token leaves the address bar (and the history) before it is used.
    history.replaceState(null, '', '/join');
    try {
      const joined = await joinByLink(decodeURIComponent(link[1]!));
      startSession(joined.contact, await api.chats());
      history.replaceState(null, '', `/chat?chat=${joined.chatId}`);
    } catch (err) {
      render();
      main.prepend(
        h(
          'p',
          { role: 'alert', class: 'problem', id: 'join-link-problem' },
          err instanceof Error ? err.message : String(err),
        ),
      );
      return;
    }
    render();
    return;
  }
  // The page carries a signed-in customer's data when the session cookie came with it.
  const data = readBoot();
  if (data) {
    startSession(data.contact, data.chats);
    preloaded = { chats: data.chats, queues: Promise.resolve(data.queues), chat: data.chat };
    render();
    return;
  }
  // Otherwise a returning customer's first page needs their chats (and, to start one, the queues)
  // as much as the session check: all are asked at once. Without a session they fail with it, unused.
  const chats = api.chats();
  const path = location.pathname;
  const queues = (path === '/' || path === '/chat') && !location.search ? api.queues() : undefined;
  chats.catch(() => undefined);
  queues?.catch(() => undefined);
  try {
    const me = await api.me();
    const list = await chats;
    startSession(me.contact, list);
    preloaded = { chats: list, queues };
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) {
      replace(main, h('p', { role: 'alert' }, err instanceof Error ? err.message : String(err)));
    }
  }
  render();
}

void boot();
