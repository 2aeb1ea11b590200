/**
 * Keeps the store in step with the server: loads what is shown over REST (at once, beside the
 * stream's first `resync`, when the server says where in the event log its reads were made; else on
 * that `resync`; and after any later one), feeds stream events to the reducer (holding them while a
 * load runs, so none is missed), and reloads what an event only hints at.
 */
import type { ConnectionState } from '../client/events.js';
import type { Chat } from '../core/chat.js';
import { parseDuration } from '../core/duration.js';
import type { DeskEvent } from '../core/events.js';
import type { Live, ReadSequences, TuiApi } from './live.js';
import type { Action } from './reducer.js';
import { isMine } from './select.js';
import type { Flash, Invitation, ServerEvent, State } from './state.js';
import type { Store } from './store.js';

export interface SyncOptions {
  readonly store: Store;
  readonly now: () => number;
  readonly flash: (text: string, tone: Flash['tone']) => void;
  readonly fail: (err: unknown) => void;
  /** Benchmark timing (see trace.ts). */
  readonly trace?: { message(body: string): void; mark(name: string): void } | undefined;
  /** Settles once the first frame is on the screen: the lists it does not show load after it. */
  readonly shown?: Promise<void> | undefined;
}

/** What a chat from "my chats" waits for me to answer, if anything. */
function invitationOf(c: Chat, me: number | undefined): Invitation | undefined {
  if (me === undefined) return undefined;
  const at = Date.parse(c.updatedAt) || 0;
  if (c.state === 'offered' && c.offeredTo?.id === me && c.initiatedBy === 'customer') {
    return { chatId: c.id, kind: 'offer', expiresAt: null, at, from: null, note: null };
  }
  if (c.participants.some((p) => p.technician.id === me && p.state === 'invited')) {
    return { chatId: c.id, kind: 'conference', expiresAt: null, at, from: c.owner?.name ?? null, note: null };
  }
  if (c.transferPending && c.owner?.id !== me && c.state === 'active') {
    return { chatId: c.id, kind: 'transfer', expiresAt: null, at, from: c.owner?.name ?? null, note: null };
  }
  return undefined;
}

/** The time zone "today" is counted in on the dashboard: this terminal's. */
function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export class Sync {
  private live: Live | undefined;
  private loading: Promise<void> | undefined;
  private meLoaded: Promise<void> = Promise.resolve();
  private buffered: Array<{ e: ServerEvent; seq: number; at: number | undefined }> | undefined;
  /** Replay is over: events are happening now (their time tells the server's clock). */
  private streaming = false;
  private ticketReload: NodeJS.Timeout | undefined;
  /**
   * The first load, made at once, and the stream's first `resync` (the end of the log it starts
   * from), until both are in: the stream goes back to where the reads were made if it is past it.
   */
  private first: { head?: number; read?: number; loaded: boolean } | undefined;
  private readonly o: SyncOptions;

  constructor(options: SyncOptions) {
    this.o = options;
  }

  /** The API, once connected; a command before that fails with a message on the status line. */
  get api(): TuiApi {
    if (!this.live) throw new Error('not connected to the server yet');
    return this.live.api;
  }

  private get state(): State {
    return this.o.store.getState();
  }

  private dispatch(action: Action): void {
    this.o.store.dispatch(action);
  }

  /** Loads who I am, then follows the stream: its first `resync` (asked for on purpose) loads the rest. */
  connect(live: Live): void {
    this.live = live;
    const stream = live.stream;
    stream.on('state', (s: ConnectionState) => this.onConnection(s));
    stream.on('event', (e) => this.onEvent(e));
    stream.on('ready', () => {
      this.streaming = true;
    });
    stream.on('resync', (seq) => {
      this.o.trace?.mark('resync');
      const f = this.first;
      if (f && f.head === undefined) {
        f.head = seq;
        this.settleFirst();
        return;
      }
      void this.reload();
    });
    // A refused or revoked token ends the stream: the status line says so, with what to do.
    stream.on('error', (err) => this.o.fail(err));
    this.meLoaded = this.api
      .me()
      .then((me) =>
        this.dispatch({
          type: 'me',
          me: {
            id: me.technician.id,
            name: me.technician.name,
            admin: me.technician.admin,
            canUnmask: me.technician.canUnmask,
          },
        }),
      )
      .catch((err: unknown) => this.o.fail(err));
    stream.start();
    if (live.reads) void this.loadFirst(live.reads);
  }

  /** Loads the state at once, noting the lowest event sequence its reads were made at. */
  private async loadFirst(reads: ReadSequences): Promise<void> {
    const f: { head?: number; read?: number; loaded: boolean } = { loaded: false };
    this.first = f;
    const lowest = reads.begin();
    await this.reload();
    f.read = lowest();
    f.loaded = true;
    this.settleFirst();
  }

  /**
   * Once the first load and the first `resync` are both in: the stream goes back to the reads'
   * sequence if it started past it, so no event between the two is missed. A server that did not
   * say where it read (or a stream that cannot go back) gets the load again, as on any `resync`.
   */
  private settleFirst(): void {
    const f = this.first;
    if (!f?.loaded || f.head === undefined) return;
    this.first = undefined;
    const rewind = this.live?.stream.rewind?.bind(this.live.stream);
    if (f.read === undefined || (f.read < f.head && !rewind)) {
      void this.reload();
      return;
    }
    if (f.read < f.head) rewind?.(f.read);
  }

  stop(): void {
    if (this.ticketReload) clearTimeout(this.ticketReload);
    this.live?.stream.stop();
  }

  private onConnection(s: ConnectionState): void {
    if (s !== 'live') this.streaming = false;
    const connection = s === 'closed' ? 'offline' : s;
    this.dispatch({ type: 'connection', connection });
  }

  /** Loads everything shown; events arriving meanwhile wait and apply after, so none is missed. */
  reload(): Promise<void> {
    if (this.loading) return this.loading;
    this.buffered = [];
    this.loading = (async () => {
      try {
        await this.load();
        this.o.trace?.mark('loaded');
      } catch (err) {
        this.o.fail(err);
      } finally {
        const pending = this.buffered ?? [];
        this.buffered = undefined;
        this.loading = undefined;
        for (const p of pending) this.apply(p.e, p.seq, p.at);
      }
    })();
    return this.loading;
  }

  /** Each part is shown as soon as it arrives; events wait until every part is in. */
  private async load(): Promise<void> {
    const api = this.api;
    const chats = this.loadChats(api);
    // What the first screen shows first; the lists that only pickers use after it, once it is drawn.
    const done = await Promise.allSettled([
      api.status().then((presence) => this.dispatch({ type: 'presence', presence })),
      chats,
      this.loadTickets(false),
      api.timer().then((t) => {
        const at = this.o.now();
        this.dispatch({ type: 'timer', timer: t.timer, at });
        this.dispatch({ type: 'skew', skew: Date.parse(t.now) - at });
      }),
      api.unreadMentions().then((count) => this.dispatch({ type: 'mentions', count })),
    ]);
    await this.o.shown;
    await Promise.allSettled([
      this.loadDirectory(),
      api.wrapups().then((wrapups) => this.dispatch({ type: 'directory', directory: { wrapups } })),
      api.settings().then((settings) => {
        const raw = settings.find((x) => x.key === 'chat.invite-timeout')?.value;
        const ms = raw ? parseDuration(raw) : undefined;
        if (ms !== undefined) this.dispatch({ type: 'directory', directory: { inviteTimeoutMs: ms } });
      }),
      this.state.queueFilter === 'new' ? Promise.resolve() : this.loadQueue(),
      // The dashboard is not essential: without it (an older server) the pane says it is loading.
      Promise.resolve()
        .then(() => api.dashboard(localZone()))
        .then((dashboard) => this.dispatch({ type: 'dashboard.loaded', dashboard })),
    ]);
    const failed = done.find((r) => r.status === 'rejected');
    if (failed) this.o.fail(failed.reason);
    // Open views reload too.
    const view = this.state.ticketView;
    if (view) void this.loadTicket(view.id);
    for (const id of this.state.tabs) void this.loadTranscript(id);
  }

  /**
   * Loads the technicians, their availability and the queues (at start, and again when a picker of
   * them opens, so that those added since are there).
   */
  async loadDirectory(): Promise<void> {
    const api = this.api;
    const done = await Promise.allSettled([
      api.technicians().then((technicians) => this.dispatch({ type: 'directory', directory: { technicians } })),
      api.queues().then((queues) => this.dispatch({ type: 'directory', directory: { queues } })),
      api.team().then((list) => {
        const team = new Map(list.map((p) => [p.technician.id, p]));
        this.dispatch({ type: 'directory', directory: { team } });
      }),
    ]);
    const failed = done.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Loads the chats the queue's filter lists besides new requests (active, completed, all). */
  async loadQueue(): Promise<void> {
    const filter = this.state.queueFilter;
    if (filter === 'new') return;
    const list = await this.api.requests(filter);
    this.dispatch({ type: 'chats.listed', chats: list.items });
  }

  private async loadChats(api: TuiApi): Promise<void> {
    const [mine, requests] = await Promise.all([api.myChats(), api.requests()]);
    // `me` is needed to tell my offers from others'.
    await this.meLoaded;
    this.o.trace?.mark('me');
    const me = this.state.me?.id;
    const invitations: Invitation[] = [];
    for (const c of mine.items) {
      const inv = invitationOf(c, me);
      if (inv?.kind !== 'transfer') {
        if (inv) invitations.push(inv);
        continue;
      }
      // A pending transfer may be to someone else: its detail says to whom, and until when.
      const t = (await api.chat(c.id).catch(() => undefined))?.transfer;
      if (t && t.state === 'pending' && t.toTechnician?.id === me) {
        invitations.push({ ...inv, expiresAt: Date.parse(t.expiresAt) || null, note: t.note, from: t.from.name });
      }
    }
    this.dispatch({
      type: 'chats.loaded',
      requests: requests.items.filter((c) => c.state === 'requested' || c.offeredTo?.id === me),
      mine: mine.items.filter((c) => isMine(c, me) || invitations.some((inv) => inv.chatId === c.id)),
      invitations,
    });
    for (const c of mine.items) if (isMine(c, me) && c.state === 'active') void this.loadTranscript(c.id);
  }

  private onEvent(raw: DeskEvent): void {
    const parsedAt = Date.parse(raw.at);
    const at = Number.isNaN(parsedAt) ? undefined : parsedAt;
    if (this.streaming && at !== undefined) this.dispatch({ type: 'skew', skew: at - this.o.now() });
    const e = this.live?.parse(raw);
    if (!e) return;
    if (e.kind === 'message') this.o.trace?.message(e.message.body);
    if (this.buffered) {
      this.buffered.push({ e, seq: raw.seq, at });
      return;
    }
    this.apply(e, raw.seq, at);
  }

  private apply(e: ServerEvent, seq: number, at: number | undefined): void {
    const before = this.state;
    this.dispatch({ type: 'event', event: e, seq, ...(at !== undefined ? { at } : {}) });
    const after = this.state;
    const me = after.me?.id;
    // Side effects the reducer cannot have: reloads of what the event only hints at.
    switch (e.kind) {
      case 'ticket':
        if (after.ticketView?.id === e.ticket.id) this.scheduleTicketReload(e.ticket.id);
        break;
      case 'notification':
        void this.api
          .unreadMentions()
          .then((count) => this.dispatch({ type: 'mentions', count }))
          .catch(() => undefined);
        break;
      case 'presence':
        if (e.presence.technician.id === me && e.presence.state === 'rona' && before.presence?.state !== 'rona') {
          this.o.flash(
            'You let an offer time out: you are in RONA and get no offers until you become Available.',
            'error',
          );
        }
        break;
      case 'notice':
        if (after.notices.get(e.chatId) !== before.notices.get(e.chatId)) this.o.flash(e.text, 'info');
        break;
      case 'chat-ticket':
        if (after.tabs.includes(e.chatId)) this.o.flash(`Chat ${e.chatId} has ticket #${e.ticketId}`, 'ok');
        break;
      default:
        break;
    }
    // A chat I just joined (accepted elsewhere, transfer accepted) needs its transcript.
    for (const id of after.tabs) {
      if (!after.transcripts.get(id)?.loaded && !before.tabs.includes(id)) void this.loadTranscript(id);
    }
  }

  private scheduleTicketReload(id: number): void {
    if (this.ticketReload) clearTimeout(this.ticketReload);
    this.ticketReload = setTimeout(() => void this.loadTicket(id), 100);
  }

  async loadTranscript(chatId: number): Promise<void> {
    try {
      const detail = await this.api.chat(chatId);
      this.dispatch({ type: 'transcript.loaded', detail });
    } catch (err) {
      this.o.fail(err);
    }
  }

  /** Loads the first page of tickets under the filters, or the next page. */
  async loadTickets(append: boolean): Promise<void> {
    const list = this.state.tickets;
    if (append && (list.loading || list.nextCursor === null)) return;
    this.dispatch({ type: 'tickets.loading', append });
    try {
      const page = await this.api.tickets(list, append ? list.nextCursor : null);
      const now = this.state.tickets;
      // A filter changed while this page loaded: it belongs to the old filter.
      if (now.assignee !== list.assignee || now.status !== list.status) return;
      this.dispatch({ type: 'tickets.loaded', items: page.items, nextCursor: page.nextCursor, append });
    } catch (err) {
      this.dispatch({ type: 'tickets.failed' });
      this.o.fail(err);
    }
  }

  async loadTicket(id: number): Promise<void> {
    try {
      this.dispatch({ type: 'ticket.loaded', detail: await this.api.ticket(id) });
    } catch (err) {
      this.o.fail(err);
    }
  }
}
