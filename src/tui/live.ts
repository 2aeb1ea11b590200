/**
 * The TUI's connection to the server: the API client, the event stream and the event parser. Loaded
 * once the first frame is on the screen, since the schemas they validate with take a while to build;
 * the rest of the TUI imports only the types below, so a test can hand in a fake API and stream.
 */
import { EventStream, type EventStreamEvents } from '../client/events.js';
import { DeskApi } from '../client/api.js';
import type { DeskEvent } from '../core/events.js';
import { parseEvent } from './events.js';
import type { ServerEvent } from './state.js';

/** The server calls the TUI makes. */
export type TuiApi = Pick<
  DeskApi,
  | 'me'
  | 'status'
  | 'setStatus'
  | 'requests'
  | 'myChats'
  | 'chat'
  | 'accept'
  | 'decline'
  | 'take'
  | 'startChat'
  | 'joinSession'
  | 'send'
  | 'transfer'
  | 'conference'
  | 'endConference'
  | 'end'
  | 'chatTicket'
  | 'attach'
  | 'technicians'
  | 'team'
  | 'contacts'
  | 'settings'
  | 'statuses'
  | 'queues'
  | 'wrapups'
  | 'timer'
  | 'startTimer'
  | 'stopTimer'
  | 'tickets'
  | 'ticket'
  | 'updateTicket'
  | 'comment'
  | 'unreadMentions'
  | 'dashboard'
>;

/** The event stream as the TUI follows it. */
export interface TuiStream {
  on<K extends keyof EventStreamEvents>(event: K, listener: (...args: EventStreamEvents[K]) => void): unknown;
  start(): unknown;
  stop(): void;
}

/** The server side, loaded after the first frame: the API, the event stream and the event parser. */
export interface Live {
  readonly api: TuiApi;
  readonly stream: TuiStream;
  readonly parse: (e: DeskEvent) => ServerEvent | undefined;
}

export function connect(server: string, token: string): Live {
  return {
    api: new DeskApi(server, token),
    // Ask for everything after the end of the log: the server answers `resync` with its head, which
    // loads the state over REST; from then on the stream resumes from the last event it delivered.
    stream: new EventStream({ server, token, since: Number.MAX_SAFE_INTEGER }),
    parse: parseEvent,
  };
}
