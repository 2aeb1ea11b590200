/**
 * The customer event stream (`/v1/customer/events`, the session cookie or an in-memory token authenticates it) with
 * reconnection: after a network loss it opens again from the last sequence it saw, so no event is
 * missed or delivered twice. The page is told the connection state to show "reconnecting". Chat
 * messages go out on the open stream (no request of their own, so they arrive sooner); while it is
 * not open, or when it drops before the answer, they go by POST with the same client id, which the
 * server stores once.
 * {@link openCustomerFeed} is how a signed-in page (the portal, the embedded chat) starts it.
 */
import type { ChatMessage } from '../core/chat.js';
import type { StreamSendAnswer, StreamSendFrame } from '../core/customer-stream.js';
import type { DeskEvent } from '../core/events.js';
import { api, ApiError, sessionToken } from './api.js';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

/** The close code of a stream whose session ended (STREAM_CLOSE_REVOKED in src/core/events.ts). */
const CLOSE_REVOKED = 4401;

/** A send frame whose answer did not come because the stream closed first. */
class StreamDropped extends Error {}

interface Waiting {
  resolve(m: ChatMessage): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * How long a send frame waits for its answer before the stream is taken for dead (a half-open
 * connection, a node that takes no frames): it is opened again and the message goes by POST.
 */
const ANSWER_TIMEOUT_MS = 5000;

interface StreamHandlers {
  event(e: DeskEvent): void;
  state(s: LinkState): void;
}

export class CustomerStream {
  private socket: WebSocket | undefined;
  private seq: number;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  /** Send frames waiting for their answer, by client id. */
  private readonly waiting = new Map<string, Waiting>();
  private readonly offline = () => this.drop();
  private readonly online = () => this.reopenNow();

  constructor(
    since: number,
    private readonly on: StreamHandlers,
  ) {
    this.seq = since;
  }

  /** The last sequence seen. */
  get last(): number {
    return this.seq;
  }

  start(): void {
    window.addEventListener('offline', this.offline);
    window.addEventListener('online', this.online);
    this.open('connecting');
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('offline', this.offline);
    window.removeEventListener('online', this.online);
    clearTimeout(this.retry);
    this.socket?.close();
    this.socket = undefined;
    this.dropWaiting();
  }

  /**
   * Sends a chat message on the stream when it is open; undefined when it is not. Rejects with
   * {@link StreamDropped} when the stream closes before the answer, with {@link ApiError} when refused.
   */
  send(frame: StreamSendFrame): Promise<ChatMessage> | undefined {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return undefined;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiting.has(frame.clientId) && this.socket === socket) this.reopen();
      }, ANSWER_TIMEOUT_MS);
      this.waiting.set(frame.clientId, { resolve, reject, timer });
      socket.send(JSON.stringify(frame));
    });
  }

  /** Gives up the open socket (it no longer answers) and opens another after the usual pause. */
  private reopen(): void {
    this.drop();
    this.later();
  }

  private answered(a: StreamSendAnswer): void {
    if (a.clientId === null) return;
    const w = this.waiting.get(a.clientId);
    if (!w) return;
    this.waiting.delete(a.clientId);
    clearTimeout(w.timer);
    if (a.type === 'sent') w.resolve(a.message);
    else w.reject(new ApiError(a.status, a.error.code, a.error.message));
  }

  private dropWaiting(): void {
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(new StreamDropped('the stream closed before the answer'));
    }
    this.waiting.clear();
  }

  private open(state: LinkState): void {
    if (this.stopped) return;
    this.on.state(state);
    const url = new URL('/v1/customer/events', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('since', String(this.seq));
    // The embedded chat has no cookie: its in-memory token goes with the stream's address.
    const token = sessionToken();
    if (token !== undefined) url.searchParams.set('token', token);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onmessage = (m) => {
      if (socket !== this.socket) return;
      let msg: { type: string; event?: DeskEvent; seq?: number } | StreamSendAnswer;
      try {
        msg = JSON.parse(String(m.data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.type === 'sent' || msg.type === 'refused') this.answered(msg as StreamSendAnswer);
      else if (msg.type === 'event' && msg.event) {
        if (msg.event.seq <= this.seq) return;
        this.seq = msg.event.seq;
        this.on.event(msg.event);
      } else if (msg.type === 'ready') {
        this.attempts = 0;
        this.on.state('live');
      } else if (msg.type === 'resync' && typeof msg.seq === 'number') {
        // The log no longer holds what was missed: go on from where it starts.
        this.seq = msg.seq;
      }
    };
    socket.onclose = (c) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.dropWaiting();
      if (c.code === CLOSE_REVOKED) {
        this.stopped = true;
        this.on.state('signed-out');
        return;
      }
      this.later();
    };
  }

  /** The network went away: show it at once instead of waiting for the socket to notice. */
  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.dropWaiting();
    if (!this.stopped) this.on.state('reconnecting');
  }

  private reopenNow(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retry);
    this.open('reconnecting');
  }

  private later(): void {
    if (this.stopped) return;
    this.on.state('reconnecting');
    const delay = Math.min(5000, 250 * 2 ** this.attempts++);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (navigator.onLine) this.open('reconnecting');
      else this.later();
    }, delay);
  }
}

/** The signed-in customer's events, for the pages to follow. */
export interface CustomerFeed {
  /** Calls `fn` for every event until the returned function is called. */
  subscribe(fn: (e: DeskEvent) => void): () => void;
  /**
   * Sends a chat message: on the stream while it is open, else (or if it drops or stops answering
   * first) by POST. `id`: its client id, which the answer and the message's event carry. Messages go
   * one after another, so they are stored in the order sent whichever way each goes.
   */
  send(chatId: number, body: string, id: string): Promise<ChatMessage>;
  stop(): void;
}

/**
 * Starts the signed-in customer's event stream after sequence `since` (the sequence the first
 * page's reads were made at, the `seq` of a chat list), telling `state` how the connection goes.
 */
export function openCustomerFeed(since: number, state: (s: LinkState) => void): CustomerFeed {
  const listeners = new Set<(e: DeskEvent) => void>();
  const stream = new CustomerStream(since, { event: (e) => listeners.forEach((fn) => fn(e)), state });
  stream.start();
  /** Messages on their way, and the end of the last one's sending. */
  let sending = 0;
  let queue: Promise<void> = Promise.resolve();
  return {
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    send: (chatId, body, id) => {
      const go = () => {
        const onStream = stream.send({ type: 'send', chatId, body, clientId: id });
        if (!onStream) return api.send(chatId, body, id);
        return onStream.catch((err: unknown) => {
          if (err instanceof StreamDropped) return api.send(chatId, body, id);
          throw err;
        });
      };
      // With nothing on its way the frame leaves now, before the page draws the message.
      const result = sending === 0 ? go() : queue.then(go);
      sending++;
      queue = result.then(
        () => void sending--,
        () => void sending--,
      );
      return result;
    },
    stop: () => {
      stream.stop();
      listeners.clear();
    },
  };
}
