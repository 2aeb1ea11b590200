/**
 * The event stream client: a WebSocket to `/v1/events` that resumes from the
 * last sequence it saw and reconnects with backoff, so a consumer sees every
 * event once and in order across network faults.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { STREAM_CLOSE_REVOKED, streamMessageSchema, type DeskEvent } from '../core/events.js';
import { DeskError } from '../core/errors.js';
import { serverList } from './http.js';

const CUSTOMER_EVENTS = '/v1/customer/events';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  /** One server URL, or several separated by commas to fail over between. */
  readonly server: string;
  readonly token: string;
  /** The stream's path: `/v1/events` (technicians, the default) or `/v1/customer/events` (a customer session). */
  readonly path?: string;
  /** Last sequence already seen (0 for everything the log keeps). */
  readonly since?: number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface EventStreamEvents {
  event: [DeskEvent];
  /** Replay is done; what follows is live. */
  ready: [number];
  /** The log no longer holds what was asked for: reload state; the stream continues from `seq`. */
  resync: [number];
  state: [ConnectionState];
  error: [Error];
}

export class EventStream extends EventEmitter<EventStreamEvents> {
  private socket: WebSocket | undefined;
  private lastSeq: number;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private serverIndex = 0;
  private readonly options: EventStreamOptions;

  constructor(options: EventStreamOptions) {
    super();
    this.options = options;
    this.lastSeq = options.since ?? 0;
  }

  /** The sequence of the last event delivered. */
  get seq(): number {
    return this.lastSeq;
  }

  start(): this {
    this.connect('connecting');
    return this;
  }

  /** The node this stream connects to next; a reconnect after a failure tries the following one. */
  private url(): string {
    const servers = serverList(this.options.server);
    const server = servers[this.serverIndex % servers.length] ?? '';
    const u = new URL(server.replace(/^http/, 'ws') + (this.options.path ?? '/v1/events'));
    u.searchParams.set('since', String(this.lastSeq));
    return u.toString();
  }

  private connect(state: ConnectionState): void {
    if (this.stopped) return;
    this.emit('state', state);
    const socket = new WebSocket(this.url(), { headers: { authorization: `Bearer ${this.options.token}` } });
    this.socket = socket;
    socket.on('message', (data) => this.onMessage(data.toString()));
    socket.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      if (status === 401 || status === 403) {
        this.refused(
          status === 401
            ? 'the server refused the event stream: the token is invalid or revoked'
            : 'the server refused the event stream: not allowed',
        );
      }
    });
    socket.on('error', () => {
      /* followed by close */
    });
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      if (code === STREAM_CLOSE_REVOKED) {
        // The token was revoked (or the session ended) while the stream was open: reconnecting cannot help.
        this.refused(`the server closed the event stream: ${reason.toString() || 'the token was revoked'}`);
        return;
      }
      this.socket = undefined;
      // Several nodes: the next attempt goes to the next one (the stream resumes from its last sequence there).
      this.serverIndex += 1;
      this.scheduleReconnect();
    });
  }

  /** The server will not stream to this token: tell the consumer (exit code 4 in the CLI) and stop. */
  private refused(message: string): void {
    this.emit(
      'error',
      new DeskError('unauthenticated', message, {
        hint:
          this.options.path === CUSTOMER_EVENTS
            ? 'run `desk customer login --server URL --email EMAIL`'
            : 'ask an admin for a new token, then run `desk login --server URL --token TOKEN`',
      }),
    );
    this.stop();
  }

  private onMessage(raw: string): void {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return;
    }
    const parsed = streamMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.type) {
      case 'event':
        if (msg.event.seq <= this.lastSeq) return;
        this.lastSeq = msg.event.seq;
        this.emit('event', msg.event);
        break;
      case 'ready':
        this.attempt = 0;
        if (msg.seq > this.lastSeq) this.lastSeq = msg.seq;
        this.emit('state', 'live');
        this.emit('ready', msg.seq);
        break;
      case 'resync':
        this.lastSeq = msg.seq;
        this.emit('resync', msg.seq);
        break;
      case 'error':
        this.emit('error', new Error(msg.message));
        break;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const min = this.options.minBackoffMs ?? 200;
    const max = this.options.maxBackoffMs ?? 10_000;
    const delay = Math.min(max, min * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.emit('state', 'reconnecting');
    this.timer = setTimeout(() => this.connect('reconnecting'), delay);
  }

  /**
   * Goes back to `seq` when the stream is past it: it reconnects and the server replays what came
   * after (a consumer that loaded state read at `seq` then misses nothing; what it sees again it
   * already holds).
   */
  rewind(seq: number): void {
    if (this.stopped || seq >= this.lastSeq) return;
    this.lastSeq = seq;
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    socket.removeAllListeners('message');
    socket.removeAllListeners('close');
    socket.close();
    this.connect('reconnecting');
  }

  /** Closes the stream for good. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.emit('state', 'closed');
  }
}
