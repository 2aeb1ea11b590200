/**
 * The one place the TUI's state changes: a pure function from (state, action) to state. Actions are
 * server events from the stream, snapshots loaded over REST, and what the technician does. Each
 * slice (reducers/*.ts) handles its own action types; this joins them into one reducer.
 */
import type { State } from './state.js';
import { chats, type ChatAction } from './reducers/chats.js';
import { composer, type ComposerAction } from './reducers/composer.js';
import { dashboard, type DashboardAction } from './reducers/dashboard.js';
import { serverEvents, type EventAction } from './reducers/server-events.js';
import { session, type SessionAction } from './reducers/session.js';
import type { Handlers } from './reducers/slice.js';
import { tickets, type TicketAction } from './reducers/tickets.js';
import { view, type ViewAction } from './reducers/view.js';

export type Action =
  SessionAction | ChatAction | ComposerAction | TicketAction | ViewAction | EventAction | DashboardAction;

const HANDLERS: Handlers<Action> = {
  ...session,
  ...chats,
  ...composer,
  ...tickets,
  ...view,
  ...serverEvents,
  ...dashboard,
};

export function reduce(state: State, action: Action): State {
  const handler = HANDLERS[action.type] as (state: State, action: Action) => State;
  return handler(state, action);
}
