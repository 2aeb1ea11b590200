/**
 * The header's slice: who I am, the connection, the clocks (local tick and server skew), my
 * availability and timer, unread mentions, the directory pickers use, and the status-line flash.
 */
import type { Presence } from '../../core/chat.js';
import type { Timer } from '../../core/time-schemas.js';
import type { Connection, Directory, Flash, Me } from '../state.js';
import type { Handlers } from './slice.js';

export type SessionAction =
  | { readonly type: 'me'; readonly me: Me }
  | { readonly type: 'connection'; readonly connection: Connection }
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'skew'; readonly skew: number }
  | { readonly type: 'presence'; readonly presence: Presence }
  | { readonly type: 'timer'; readonly timer: Timer | null; readonly at: number }
  | { readonly type: 'mentions'; readonly count: number | null }
  | { readonly type: 'directory'; readonly directory: Partial<Directory> }
  | { readonly type: 'flash'; readonly text: string; readonly tone: Flash['tone'] }
  | { readonly type: 'flash.clear' };

export const session: Handlers<SessionAction> = {
  me: (state, action) => ({ ...state, me: action.me }),
  connection: (state, action) =>
    state.connection === action.connection ? state : { ...state, connection: action.connection },
  tick: (state, action) => {
    const flash = state.flash && action.now - state.flash.at > 8000 ? null : state.flash;
    return { ...state, now: action.now, flash };
  },
  skew: (state, action) => (Math.abs(action.skew - state.skew) < 250 ? state : { ...state, skew: action.skew }),
  presence: (state, action) => ({ ...state, presence: action.presence }),
  timer: (state, action) => ({ ...state, timer: action.timer, timerAt: action.at }),
  mentions: (state, action) => ({ ...state, mentions: action.count }),
  directory: (state, action) => ({ ...state, directory: { ...state.directory, ...action.directory } }),
  flash: (state, action) => ({ ...state, flash: { text: action.text, tone: action.tone, at: state.now } }),
  'flash.clear': (state) => (state.flash ? { ...state, flash: null } : state),
};
