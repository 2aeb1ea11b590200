/**
 * The TUI's connection to the server: the API client, the event stream and the event parser, loaded
 * before the screen so that the requests are out while it loads. The rest of the TUI imports only
 * the types below, so a test can hand in a fake API and stream.
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
  /** Goes back to `seq` (reconnecting) when the stream is past it. */
  rewind?(seq: number): void;
}

/** The event sequences the API's reads were made at, from a point on. */
export interface ReadSequences {
  /** Starts a count; the function answers the lowest sequence read since, if any read said it. */
  begin(): () => number | undefined;
}

/** The server side: the API, the event stream and the event parser. */
export interface Live {
  readonly api: TuiApi;
  readonly stream: TuiStream;
  readonly parse: (e: DeskEvent) => ServerEvent | undefined;
  /** Where the reads were made in the event log (a server that does not say leaves it out). */
  readonly reads?: ReadSequences;
}

/** Keeps the lowest sequence each open count has seen. */
class ReadCounter implements ReadSequences {
  private readonly open = new Set<{ lowest: number | undefined }>();

  note(seq: number): void {
    for (const c of this.open) if (c.lowest === undefined || seq < c.lowest) c.lowest = seq;
  }

  begin(): () => number | undefined {
    const count: { lowest: number | undefined } = { lowest: undefined };
    this.open.add(count);
    return () => {
      this.open.delete(count);
      return count.lowest;
    };
  }
}

export function connect(server: string, token: string): Live {
  const reads = new ReadCounter();
  return {
    api: new DeskApi(server, token, { onSeq: (seq) => reads.note(seq) }),
    // Ask for everything after the end of the log: the server answers `resync` with its head. The
    // state loads over REST meanwhile, and the stream goes back to the sequence those reads were
    // made at if it is past it; from then on it resumes from the last event it delivered.
    stream: new EventStream({ server, token, since: Number.MAX_SAFE_INTEGER }),
    parse: parseEvent,
    reads,
  };
}
