/** Builders of chats, messages, tickets and states for the TUI's component and reducer tests. */
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';
import type { Chat, ChatMessage, Presence } from '../../src/core/chat.js';
import type { DeskEvent } from '../../src/core/events.js';
import type { Comment, Ticket } from '../../src/core/schemas.js';
import type { TicketDetail } from '../../src/core/ticket-detail.js';
import { maskText } from '../../src/core/masking.js';
import { MaskContext } from '../../src/tui/components/Line.js';
import { reduce, type Action } from '../../src/tui/reducer.js';
import { initialState, type ServerEvent, type State } from '../../src/tui/state.js';
import { parseEvent } from '../../src/tui/events.js';
import { createStore, StoreContext, type Store } from '../../src/tui/store.js';
import { makeTheme, ThemeContext } from '../../src/tui/theme.js';

export const NOW = Date.parse('2030-01-01T12:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();
export const ME = { id: 2, name: 'Sam Rivera', admin: false, canUnmask: false };

export function chat(id: number, over: Partial<Chat> = {}): Chat {
  return {
    id,
    state: 'requested',
    initiatedBy: 'customer',
    queue: { id: 1, name: 'default' },
    company: { id: 1, name: 'Northwind Traders' },
    contact: { id: 10 + id, name: `Customer ${id}`, email: `customer${id}@example.com` },
    owner: null,
    offeredTo: null,
    participants: [],
    ticketId: null,
    transferPending: false,
    requestedAt: iso(NOW - 60_000),
    acceptedAt: null,
    endedAt: null,
    updatedAt: iso(NOW - 60_000),
    ...over,
  };
}

export function activeChat(id: number, over: Partial<Chat> = {}): Chat {
  return chat(id, {
    state: 'active',
    owner: { id: ME.id, name: ME.name },
    acceptedAt: iso(NOW - 30_000),
    updatedAt: iso(NOW - 30_000),
    participants: [{ technician: { id: ME.id, name: ME.name }, role: 'owner', state: 'active' }],
    ...over,
  });
}

let messageId = 100;
export function message(chatId: number, body: string, over: Partial<ChatMessage> = {}): ChatMessage {
  messageId += 1;
  return {
    id: messageId,
    chatId,
    author: { kind: 'contact', id: 11, name: 'Melissa Grant' },
    body,
    internal: false,
    file: null,
    clientId: null,
    createdAt: iso(NOW - 10_000),
    ...over,
  };
}

export function presence(state: Presence['state']): Presence {
  return {
    technician: { id: ME.id, name: ME.name },
    state,
    reason: null,
    since: iso(NOW - 5000),
    activeChats: 0,
    maxChats: null,
  };
}

export function ticket(id: number, over: Partial<Ticket> = {}): Ticket {
  return {
    id,
    title: `Ticket number ${id}`,
    status: 'open',
    type: 'incident',
    priority: 'medium',
    impact: 'none',
    activityStatus: 'unread',
    assignee: { id: ME.id, name: ME.name },
    requester: { id: 11, name: 'Melissa Grant', email: 'melissa@gmail.com', phone: '+447966197542' },
    company: { id: 1, name: 'Northwind Traders' },
    tags: [],
    createdAt: iso(NOW - 3 * 86_400_000),
    updatedAt: iso(NOW - 3600_000),
    ...over,
  };
}

export function comment(id: number, kind: 'reply' | 'note', body: string): Comment {
  return {
    id,
    kind,
    author: { kind: 'technician', id: ME.id, name: ME.name },
    body,
    truncated: false,
    createdAt: iso(NOW - 1000 * id),
  };
}

export function detail(t: Ticket, comments: Comment[]): TicketDetail {
  return { ...t, comments, activity: [] };
}

let seq = 0;
/** A server event as the stream delivers it, parsed as the TUI parses it. */
export function event(type: string, data: Record<string, unknown>, at = NOW): ServerEvent {
  seq += 1;
  const raw: DeskEvent = { seq, type, at: iso(at), companyId: 1, data };
  const parsed = parseEvent(raw);
  if (!parsed) throw new Error(`the TUI does not read ${type} with ${JSON.stringify(data)}`);
  return parsed;
}

/** A state after these actions, starting logged in as {@link ME}. */
export function stateWith(...actions: Action[]): State {
  let s = reduce(initialState('http://127.0.0.1:7420', NOW), { type: 'me', me: ME });
  for (const a of actions) s = reduce(s, a);
  return s;
}

/** Renders inside the TUI's providers (no styles at all, core masking) with a store that notifies at once. */
export function renderTui(element: ReactElement, state: State): ReturnType<typeof render> & { store: Store } {
  const store = createStore(state, { sync: true });
  const out = render(
    <ThemeContext.Provider value={makeTheme(true, true)}>
      <MaskContext.Provider value={maskText}>
        <StoreContext.Provider value={store}>{element}</StoreContext.Provider>
      </MaskContext.Provider>
    </ThemeContext.Provider>,
  );
  return Object.assign(out, { store });
}

/** Lets Ink and React handle what was just written or dispatched. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The last frame's lines. */
export function lines(frame: string | undefined): string[] {
  return (frame ?? '').split('\n');
}
