/**
 * What the TUI does, apart from drawing: keeps the store in step with the server (sync.ts), turns
 * keypresses into commands by name (key-routing.ts, keys.ts, commands.ts) and runs the flows they
 * start (flows/*.ts), reporting failures on the status line without leaving the screen.
 */
import type { Key } from 'ink';
import { errorText, type TuiContext } from './context.js';
import { choose } from './flows/choices.js';
import { Outbox } from './flows/outbox.js';
import { routeKey } from './key-routing.js';
import type { Live, TuiApi } from './live.js';
import { draftCount } from './select.js';
import type { Flash } from './state.js';
import type { Store } from './store.js';
import { Sync } from './sync.js';

export interface ControllerOptions {
  readonly store: Store;
  /** Called to leave the TUI. */
  readonly exit: () => void;
  /** Rows a page of a list moves (from the terminal height). */
  readonly pageSize?: () => number;
  readonly now?: () => number;
  /** Benchmark timing (see trace.ts). */
  readonly trace?: { key(): void; message(body: string): void; mark(name: string): void };
  /** Settles once the first frame is on the screen (see SyncOptions). */
  readonly shown?: Promise<void>;
}

export class Controller {
  private readonly store: Store;
  private readonly exitFn: () => void;
  private readonly clock: () => number;
  private readonly sync: Sync;
  private readonly outbox = new Outbox();
  private readonly trace: ControllerOptions['trace'];
  private tickTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** What the commands and flows work with. */
  private readonly ctx: TuiContext;

  constructor(options: ControllerOptions) {
    this.trace = options.trace;
    this.store = options.store;
    this.exitFn = options.exit;
    this.clock = options.now ?? Date.now;
    const pageSize = options.pageSize ?? (() => 10);
    const flash = (text: string, tone: Flash['tone'] = 'info') => this.store.dispatch({ type: 'flash', text, tone });
    const fail = (err: unknown) => flash(errorText(err), 'error');
    this.sync = new Sync({ store: this.store, now: this.clock, flash, fail, trace: this.trace, shown: options.shown });
    const sync = this.sync;
    this.ctx = {
      get api(): TuiApi {
        return sync.api;
      },
      state: () => this.store.getState(),
      dispatch: (action) => this.store.dispatch(action),
      flash,
      fail,
      now: this.clock,
      pageSize,
      choose: (purpose, value) => choose(this.ctx, purpose, value),
      send: () => this.outbox.send(this.ctx),
      openChat: (chatId, compose) => this.openChat(chatId, compose),
      loadTicket: (id) => sync.loadTicket(id),
      loadTickets: (append) => sync.loadTickets(append),
      loadDirectory: () => sync.loadDirectory(),
      loadQueue: () => sync.loadQueue(),
      quit: (force) => this.quit(force),
    };
  }

  /** Starts the clock that ticks waiting times and timers. */
  start(): void {
    this.tickTimer = setInterval(() => this.store.dispatch({ type: 'tick', now: this.clock() }), 1000);
    this.tickTimer.unref?.();
  }

  /** Loads who I am, then follows the stream: its first `resync` (asked for on purpose) loads the rest. */
  connect(live: Live): void {
    if (this.stopped) return;
    this.sync.connect(live);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.sync.stop();
  }

  /** Handles one keypress (or a paste). */
  handleKey(input: string, key: Key): void {
    routeKey(this.ctx, input, key);
    this.trace?.key();
  }

  private openChat(chatId: number, compose: boolean): void {
    this.store.dispatch({ type: 'chat.open', chatId, compose });
    if (!this.store.getState().transcripts.get(chatId)?.loaded) void this.sync.loadTranscript(chatId);
  }

  /** Leaves the TUI; with unsent drafts, asks first unless `force`. */
  private quit(force: boolean): void {
    const drafts = draftCount(this.store.getState());
    if (!force && drafts > 0) {
      this.store.dispatch({ type: 'modal', modal: { kind: 'confirm-quit', drafts } });
      return;
    }
    this.stop();
    this.exitFn();
  }
}
