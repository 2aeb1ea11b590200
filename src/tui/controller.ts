/**
 * What the TUI does, apart from drawing: loads state over REST, feeds stream events to the store,
 * turns keypresses into commands (by name, through the key table) and runs them, calling the server
 * and reporting failures on the status line without leaving the screen.
 */
import type { Key } from 'ink';
import { randomUUID } from 'node:crypto';
import type { ConnectionState, EventStream } from '../client/events.js';
import type { Chat } from '../core/chat.js';
import { checkComposer, TRANSFER_NOTE_MAX } from '../core/composer.js';
import type { DeskEvent } from '../core/events.js';
import { COMMENT_MAX, PRIORITIES, TICKET_STATUSES, label } from '../core/tickets.js';
import type { DeskApi } from '../client/api.js';
import { isText, keyName, lookup, type Command, type Scope } from './keys.js';
import type { Action, EditOp } from './reducer.js';
import { draftCount, isMine, selectedQueueRow, ticketIndex } from './select.js';
import {
  ASSIGNEE_FILTERS,
  STATUS_FILTERS,
  type Invitation,
  type Modal,
  type Option,
  type Purpose,
  type ServerEvent,
  type State,
} from './state.js';
import type { Store } from './store.js';
import { EMPTY } from './editor.js';

/** The server side, loaded after the first frame: the API, the event stream and the event parser. */
export interface Live {
  readonly api: DeskApi;
  readonly stream: EventStream;
  readonly parse: (e: DeskEvent) => ServerEvent | undefined;
}

export interface ControllerOptions {
  readonly store: Store;
  /** Called to leave the TUI. */
  readonly exit: () => void;
  /** Rows a page of a list moves (from the terminal height). */
  readonly pageSize?: () => number;
  readonly now?: () => number;
  /** Benchmark timing (see trace.ts). */
  readonly trace?: { key(): void; message(body: string): void; mark(name: string): void };
}

const errorText = (err: unknown): string => {
  const e = err as { message?: string; hint?: string };
  return e.message ? (e.hint ? `${e.message} (${e.hint})` : e.message) : String(err);
};

export class Controller {
  private live: Live | undefined;
  private readonly store: Store;
  private readonly exitFn: () => void;
  private readonly pageSize: () => number;
  private readonly clock: () => number;
  private loading: Promise<void> | undefined;
  private meLoaded: Promise<void> = Promise.resolve();
  private buffered: ServerEvent[] | undefined;
  /** Replay is over: events are happening now (their time tells the server's clock). */
  private streaming = false;
  private tickTimer: NodeJS.Timeout | undefined;
  /** The client id of each chat's draft as last sent, so a resend after a fault is stored once. */
  private readonly sendIds = new Map<number, { text: string; clientId: string }>();
  private ticketReload: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly trace: ControllerOptions['trace'];

  constructor(options: ControllerOptions) {
    this.trace = options.trace;
    this.store = options.store;
    this.exitFn = options.exit;
    this.pageSize = options.pageSize ?? (() => 10);
    this.clock = options.now ?? Date.now;
  }

  /** The API, once connected; a command before that fails with a message on the status line. */
  private get api(): DeskApi {
    if (!this.live) throw new Error('not connected to the server yet');
    return this.live.api;
  }

  private get state(): State {
    return this.store.getState();
  }

  private dispatch(action: Action): void {
    this.store.dispatch(action);
  }

  private flash(text: string, tone: 'error' | 'info' | 'ok' = 'info'): void {
    this.dispatch({ type: 'flash', text, tone });
  }

  private fail(err: unknown): void {
    this.flash(errorText(err), 'error');
  }

  // ---------- start and stop

  /** Starts the clock that ticks waiting times and timers. */
  start(): void {
    this.tickTimer = setInterval(() => this.dispatch({ type: 'tick', now: this.clock() }), 1000);
    this.tickTimer.unref?.();
  }

  /** Loads who I am, then follows the stream: its first `resync` (asked for on purpose) loads the rest. */
  connect(live: Live): void {
    if (this.stopped) return;
    this.live = live;
    const stream = live.stream;
    stream.on('state', (s: ConnectionState) => this.onConnection(s));
    stream.on('event', (e) => this.onEvent(e));
    stream.on('ready', () => {
      this.streaming = true;
    });
    stream.on('resync', () => {
      this.trace?.mark('resync');
      void this.reload();
    });
    stream.on('error', (err) => this.flash(err.message, 'error'));
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
      .catch((err: unknown) => this.fail(err));
    stream.start();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
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
    // Each part is shown as soon as it arrives; events wait until every part is in.
    const load = async () => {
      const api = this.api;
      const chats = Promise.all([api.myChats(), api.requests()]).then(async ([mine, requests]) => {
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
      });
      // What the first screen shows first; the lists that only pickers use after it.
      const done = await Promise.allSettled([
        api.status().then((presence) => this.dispatch({ type: 'presence', presence })),
        chats,
        this.loadTickets(false),
        api.timer().then((t) => {
          const at = this.clock();
          this.dispatch({ type: 'timer', timer: t.timer, at });
          this.dispatch({ type: 'skew', skew: Date.parse(t.now) - at });
        }),
        api.unreadMentions().then((count) => this.dispatch({ type: 'mentions', count })),
      ]);
      await Promise.allSettled([
        api.technicians().then((technicians) => this.dispatch({ type: 'directory', directory: { technicians } })),
        api.queues().then((queues) => this.dispatch({ type: 'directory', directory: { queues } })),
        api.wrapups().then((wrapups) => this.dispatch({ type: 'directory', directory: { wrapups } })),
      ]);
      const failed = done.find((r) => r.status === 'rejected');
      if (failed) this.fail(failed.reason);
      // Open views reload too.
      const view = this.state.ticketView;
      if (view) void this.loadTicket(view.id);
      for (const id of this.state.tabs) void this.loadTranscript(id);
    };
    this.loading = (async () => {
      try {
        // `me` is needed to tell my offers from others'.
        await this.meLoaded;
        this.trace?.mark('me');
        await load();
        this.trace?.mark('loaded');
      } catch (err) {
        this.fail(err);
      } finally {
        const pending = this.buffered ?? [];
        this.buffered = undefined;
        this.loading = undefined;
        for (const e of pending) this.apply(e);
      }
    })();
    return this.loading;
  }

  private onEvent(raw: DeskEvent): void {
    if (this.streaming) {
      const at = Date.parse(raw.at);
      if (!Number.isNaN(at)) this.dispatch({ type: 'skew', skew: at - this.clock() });
    }
    const e = this.live?.parse(raw);
    if (!e) return;
    if (this.trace && e.kind === 'message') this.trace.message(e.message.body);
    if (this.buffered) {
      this.buffered.push(e);
      return;
    }
    this.apply(e);
  }

  private apply(e: ServerEvent): void {
    const before = this.state;
    this.dispatch({ type: 'event', event: e });
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
          this.flash(
            'You let an offer time out: you are in RONA and get no offers until you become Available.',
            'error',
          );
        }
        break;
      case 'notice':
        if (after.notices.get(e.chatId) !== before.notices.get(e.chatId)) this.flash(e.text, 'info');
        break;
      case 'chat-ticket':
        if (after.tabs.includes(e.chatId)) this.flash(`Chat ${e.chatId} has ticket #${e.ticketId}`, 'ok');
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

  private async loadTranscript(chatId: number): Promise<void> {
    try {
      const detail = await this.api.chat(chatId);
      this.dispatch({ type: 'transcript.loaded', detail });
    } catch (err) {
      this.fail(err);
    }
  }

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
      this.fail(err);
    }
  }

  private async loadTicket(id: number): Promise<void> {
    try {
      this.dispatch({ type: 'ticket.loaded', detail: await this.api.ticket(id) });
    } catch (err) {
      this.fail(err);
    }
  }

  // ---------- keys

  /** Handles one keypress (or a paste). */
  handleKey(input: string, key: Key): void {
    this.handleKeyNow(input, key);
    this.trace?.key();
  }

  private handleKeyNow(input: string, key: Key): void {
    const s = this.state;
    const name = keyName(input, key);
    const m = s.modal;
    if (s.flash && s.flash.tone !== 'error') this.dispatch({ type: 'flash.clear' });
    switch (m.kind) {
      case 'help':
        return this.helpKey(name);
      case 'confirm-quit': {
        const c = name === undefined ? undefined : lookup(['confirm'], name);
        if (c === 'yes') return this.quit(true);
        if (c === 'no' || name === 'escape') return this.closeModal();
        return;
      }
      case 'picker':
        return this.pickerKey(m, name);
      case 'prompt':
        return this.promptKey(m, input, key, name);
      case 'none':
        break;
    }
    if (s.pane === 'chat' && s.composerFocused && s.activeTab !== null) {
      if (isText(input, key)) return this.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: input } });
      const c = name === undefined ? undefined : lookup(['composer', 'edit', 'global'], name);
      if (c) this.run(c);
      return;
    }
    if (name === undefined) return;
    const c = lookup(this.scopes(s), name);
    if (c) this.run(c);
  }

  private scopes(s: State): Scope[] {
    switch (s.pane) {
      case 'queue':
        return ['queue', 'list', 'global'];
      case 'chat':
        return ['chat', 'global'];
      case 'tickets':
        return s.ticketView ? ['ticket', 'global'] : ['tickets', 'list', 'global'];
    }
  }

  private helpKey(name: string | undefined): void {
    if (name === undefined) return;
    const c = lookup(['list', 'global'], name);
    if (c === 'help' || c === 'back' || c === 'quit') return this.closeModal();
    if (c === 'down') this.dispatch({ type: 'help.scroll', delta: 1 });
    if (c === 'up') this.dispatch({ type: 'help.scroll', delta: -1 });
    if (c === 'pageDown') this.dispatch({ type: 'help.scroll', delta: this.pageSize() });
    if (c === 'pageUp') this.dispatch({ type: 'help.scroll', delta: -this.pageSize() });
  }

  private pickerKey(m: Extract<Modal, { kind: 'picker' }>, name: string | undefined): void {
    if (name === undefined) return;
    const c = lookup(['picker', 'list', 'global'], name);
    switch (c) {
      case 'up':
        return this.dispatch({ type: 'picker.move', move: { delta: -1 } });
      case 'down':
        return this.dispatch({ type: 'picker.move', move: { delta: 1 } });
      case 'pageUp':
        return this.dispatch({ type: 'picker.move', move: { delta: -this.pageSize() } });
      case 'pageDown':
        return this.dispatch({ type: 'picker.move', move: { delta: this.pageSize() } });
      case 'top':
        return this.dispatch({ type: 'picker.move', move: { to: 'top' } });
      case 'bottom':
        return this.dispatch({ type: 'picker.move', move: { to: 'bottom' } });
      case 'choose': {
        const option = m.options[m.selected];
        this.closeModal();
        if (option) void this.chosen(m.purpose, option.value);
        return;
      }
      case 'back':
        return this.closeModal();
      case 'quit':
        if (name === 'ctrl+c') return this.quit(false);
        return;
      default:
        return;
    }
  }

  private promptKey(m: Extract<Modal, { kind: 'prompt' }>, input: string, key: Key, name: string | undefined): void {
    if (isText(input, key)) return this.dispatch({ type: 'prompt.edit', edit: { op: 'insert', text: input } });
    if (name === undefined) return;
    const c = lookup(['prompt', 'edit', 'global'], name);
    const edit = this.editOp(c);
    if (edit) return this.dispatch({ type: 'prompt.edit', edit });
    if (c === 'promptNewline' && m.multiline) {
      return this.dispatch({ type: 'prompt.edit', edit: { op: 'insert', text: '\n' } });
    }
    if (c === 'submit') {
      const text = m.editor.text;
      this.closeModal();
      void this.chosen(m.purpose, text);
      return;
    }
    if (c === 'back') return this.closeModal();
    if (c === 'quit' && name === 'ctrl+c') return this.quit(false);
  }

  private editOp(c: Command | undefined): EditOp | undefined {
    switch (c) {
      case 'left':
      case 'right':
      case 'home':
      case 'end':
      case 'backspace':
      case 'clear':
        return { op: c };
      default:
        return undefined;
    }
  }

  private closeModal(): void {
    this.dispatch({ type: 'modal', modal: { kind: 'none' } });
  }

  /** Runs a command by name. */
  run(c: Command): void {
    const s = this.state;
    const page = this.pageSize();
    const edit = this.editOp(c);
    if (edit && s.composerFocused) return this.dispatch({ type: 'composer.edit', edit });
    switch (c) {
      case 'help':
        return this.dispatch({ type: 'modal', modal: { kind: 'help', scroll: 0 } });
      case 'quit':
        return this.quit(false);
      case 'nextPane':
        return this.dispatch({ type: 'cyclePane', delta: 1 });
      case 'prevPane':
        return this.dispatch({ type: 'cyclePane', delta: -1 });
      case 'paneQueue':
        return this.dispatch({ type: 'focus', pane: 'queue' });
      case 'paneChats':
        return this.dispatch({ type: 'focus', pane: 'chat' });
      case 'paneTickets':
        return this.dispatch({ type: 'focus', pane: 'tickets' });
      case 'back':
        if (s.composerFocused) return this.dispatch({ type: 'composer.focus', focused: false });
        if (s.pane === 'tickets' && s.ticketView) return this.dispatch({ type: 'ticket.close' });
        if (s.flash) return this.dispatch({ type: 'flash.clear' });
        return;
      case 'available':
        return void this.setPresence('available');
      case 'presence':
        return this.openPicker('Set your availability', presenceOptions(), { kind: 'presence' });

      // lists
      case 'up':
      case 'down':
      case 'pageUp':
      case 'pageDown':
      case 'top':
      case 'bottom': {
        const move =
          c === 'top' || c === 'bottom'
            ? { to: c }
            : { delta: c === 'up' ? -1 : c === 'down' ? 1 : c === 'pageUp' ? -page : page };
        if (s.pane === 'queue') return this.dispatch({ type: 'queue.move', move });
        if (s.pane === 'tickets') {
          this.dispatch({ type: 'tickets.move', move });
          const after = this.state.tickets;
          if (ticketIndex(this.state) >= after.items.length - 10) void this.loadTickets(true);
        }
        return;
      }

      // queue
      case 'accept':
        return void this.answer('accept');
      case 'decline':
        return void this.answer('decline');
      case 'take':
        return void this.answer('take');
      case 'openRequest': {
        const row = selectedQueueRow(s);
        if (!row) return;
        if (isMine(row.chat, s.me?.id)) return this.openChat(row.chat.id, true);
        return this.flash(row.invitation ? 'Press a to accept or d to decline.' : 'Press t to take this request.');
      }

      // chat
      case 'compose': {
        if (s.activeTab === null) return this.flash('No chat open: accept one in the queue (1).');
        const chat = s.chats.get(s.activeTab);
        if (chat && chat.state !== 'active' && chat.state !== 'offered') {
          return this.flash(`Chat ${chat.id} is ${chat.state}: nothing more can be sent.`);
        }
        return this.dispatch({ type: 'composer.focus', focused: true });
      }
      case 'scrollUp':
        return this.dispatch({ type: 'chat.scroll', delta: 1 });
      case 'scrollDown':
        return this.dispatch({ type: 'chat.scroll', delta: -1 });
      case 'scrollPageUp':
        return this.dispatch({ type: 'chat.scroll', delta: page });
      case 'scrollPageDown':
        return this.dispatch({ type: 'chat.scroll', delta: -page });
      case 'scrollEnd':
        return this.dispatch({ type: 'chat.scroll', delta: 'end' });
      case 'nextChat':
      case 'composerNextChat':
        return this.dispatch({ type: 'chat.switch', delta: 1 });
      case 'prevChat':
      case 'composerPrevChat':
        return this.dispatch({ type: 'chat.switch', delta: -1 });
      case 'transfer':
      case 'composerTransfer':
        return this.withChat((chat) => this.openTransfer(chat));
      case 'conference':
      case 'composerConference':
        return this.withChat((chat) => this.openConference(chat));
      case 'endConference':
        return this.withChat((chat) => this.openEndConference(chat));
      case 'endChat':
      case 'composerEnd':
        return this.withChat((chat) => this.openEnd(chat));
      case 'makeTicket':
      case 'composerTicket':
        return this.withChat((chat) => this.makeTicket(chat));
      case 'attach':
      case 'composerAttach':
        return this.withChat((chat) =>
          this.openPrompt('Attach a file', 'Path of the file to send (≤ 20 MB)', 4096, false, {
            kind: 'attach',
            chatId: chat.id,
          }),
        );
      case 'closeTab': {
        const id = s.activeTab;
        const chat = id === null ? undefined : s.chats.get(id);
        if (id === null) return;
        if (chat && chat.state === 'active' && isMine(chat, s.me?.id)) {
          return this.flash('The chat is still active: end it first (e) or transfer it (t).');
        }
        return this.dispatch({ type: 'chat.close', chatId: id });
      }
      case 'send':
        return void this.send();
      case 'newline':
        return this.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: '\n' } });

      // tickets
      case 'openTicket': {
        const t = s.tickets.items[ticketIndex(s)];
        if (!t) return;
        this.dispatch({ type: 'ticket.open', id: t.id });
        return void this.loadTicket(t.id);
      }
      case 'filterAssignee': {
        const i = ASSIGNEE_FILTERS.indexOf(s.tickets.assignee);
        this.dispatch({ type: 'tickets.filter', assignee: ASSIGNEE_FILTERS[(i + 1) % ASSIGNEE_FILTERS.length]! });
        return void this.loadTickets(false);
      }
      case 'filterStatus': {
        const i = STATUS_FILTERS.indexOf(s.tickets.status);
        this.dispatch({ type: 'tickets.filter', status: STATUS_FILTERS[(i + 1) % STATUS_FILTERS.length]! });
        return void this.loadTickets(false);
      }
      case 'refresh':
        this.dispatch({ type: 'tickets.filter' });
        return void this.loadTickets(false);
      case 'reply':
      case 'note':
        return this.withTicket((id) =>
          this.openPrompt(
            c === 'reply' ? `Public reply on #${id}` : `Internal note on #${id}`,
            c === 'reply' ? 'The requester sees this.' : 'Technicians only; @name mentions a technician.',
            COMMENT_MAX,
            true,
            { kind: 'comment', ticketId: id, comment: c },
          ),
        );
      case 'status':
        return this.withTicket((id) =>
          this.openPicker(
            `Status of #${id}`,
            TICKET_STATUSES.map((v) => ({ label: label(v), value: v })),
            { kind: 'status', ticketId: id },
          ),
        );
      case 'priority':
        return this.withTicket((id) =>
          this.openPicker(
            `Priority of #${id}`,
            PRIORITIES.map((v) => ({ label: label(v), value: v })),
            { kind: 'priority', ticketId: id },
          ),
        );
      case 'assignee':
        return this.withTicket((id) =>
          this.openPicker(
            `Assignee of #${id}`,
            [
              { label: 'Unassigned', value: '' },
              ...s.directory.technicians.map((t) => ({
                label: t.id === s.me?.id ? `${t.name} (me)` : t.name,
                value: String(t.id),
                hint: `${t.openTickets} open`,
              })),
            ],
            { kind: 'assignee', ticketId: id },
          ),
        );
      case 'timer':
        return this.withTicket((id) => void this.toggleTimer(id));
      case 'ticketUp':
        return this.dispatch({ type: 'ticket.scroll', delta: 1 });
      case 'ticketDown':
        return this.dispatch({ type: 'ticket.scroll', delta: -1 });
      case 'ticketPageUp':
        return this.dispatch({ type: 'ticket.scroll', delta: page });
      case 'ticketPageDown':
        return this.dispatch({ type: 'ticket.scroll', delta: -page });
      default:
        return;
    }
  }

  private withChat(fn: (chat: Chat) => void): void {
    const s = this.state;
    const chat = s.activeTab === null ? undefined : s.chats.get(s.activeTab);
    if (!chat) return this.flash('No chat open: accept one in the queue (1).');
    fn(chat);
  }

  private withTicket(fn: (id: number) => void): void {
    const v = this.state.ticketView;
    if (v) fn(v.id);
  }

  private openPicker(title: string, options: readonly Option[], purpose: Purpose, selected = 0): void {
    if (options.length === 0) return this.flash('Nothing to choose from.', 'error');
    this.dispatch({ type: 'modal', modal: { kind: 'picker', title, options, selected, purpose } });
  }

  private openPrompt(title: string, hint: string, max: number, multiline: boolean, purpose: Purpose): void {
    this.dispatch({
      type: 'modal',
      modal: { kind: 'prompt', title, hint, editor: EMPTY, max, multiline, refused: null, purpose },
    });
  }

  openChat(chatId: number, compose: boolean): void {
    this.dispatch({ type: 'chat.open', chatId, compose });
    if (!this.state.transcripts.get(chatId)?.loaded) void this.loadTranscript(chatId);
  }

  quit(force: boolean): void {
    const drafts = draftCount(this.state);
    if (!force && drafts > 0) {
      this.dispatch({ type: 'modal', modal: { kind: 'confirm-quit', drafts } });
      return;
    }
    this.stop();
    this.exitFn();
  }

  // ---------- server actions

  private async setPresence(state: 'available' | 'away' | 'offline'): Promise<void> {
    try {
      const presence = await this.api.setStatus(state);
      this.dispatch({ type: 'presence', presence });
    } catch (err) {
      this.fail(err);
    }
  }

  private async answer(how: 'accept' | 'decline' | 'take'): Promise<void> {
    const s = this.state;
    const row = selectedQueueRow(s);
    if (!row) return this.flash('The queue is empty.');
    const id = row.chat.id;
    try {
      if (how === 'decline') {
        if (!row.invitation) return this.flash('Only an offer or invitation to you can be declined.');
        const res = await this.api.decline(id);
        this.dispatch({ type: 'invitation.remove', chatId: id });
        this.dispatch({ type: 'chat.upsert', chat: res.chat });
        return this.flash(`Declined chat ${id}.`);
      }
      if (how === 'accept' && !row.invitation)
        return this.flash('This request is not offered to you: press t to take it.');
      const chat = how === 'accept' ? (await this.api.accept(id)).chat : await this.api.take(id);
      this.dispatch({ type: 'chat.upsert', chat });
      this.openChat(id, true);
    } catch (err) {
      this.fail(err);
    }
  }

  private async send(): Promise<void> {
    const s = this.state;
    const id = s.activeTab;
    if (id === null || s.sending.has(id)) return;
    const text = (s.drafts.get(id) ?? EMPTY).text;
    const check = checkComposer(text);
    if (!check.ok) return this.flash(check.reason, 'error');
    const prior = this.sendIds.get(id);
    const clientId = prior && prior.text === text ? prior.clientId : randomUUID();
    this.sendIds.set(id, { text, clientId });
    this.dispatch({ type: 'composer.sending', chatId: id, sending: true });
    try {
      const message = await this.api.send(id, text, clientId);
      this.sendIds.delete(id);
      this.dispatch({ type: 'message.sent', message });
      this.dispatch({ type: 'composer.sent', chatId: id, text });
    } catch (err) {
      this.fail(err);
    } finally {
      this.dispatch({ type: 'composer.sending', chatId: id, sending: false });
    }
  }

  private openTransfer(chat: Chat): void {
    const s = this.state;
    const techs = s.directory.technicians.filter((t) => t.id !== s.me?.id);
    const options: Option[] = [
      ...techs.map((t) => ({ label: t.name, value: `t:${t.id}`, hint: 'technician' })),
      ...s.directory.queues.map((q) => ({ label: q.name, value: `q:${q.name}`, hint: `queue (${q.mode})` })),
    ];
    this.openPicker(`Transfer chat ${chat.id} to`, options, { kind: 'transfer-target', chatId: chat.id });
  }

  private wrapupOptions(): Option[] {
    return this.state.directory.wrapups.map((w) => ({ label: w.name, value: w.name }));
  }

  private openConference(chat: Chat): void {
    const s = this.state;
    const inChat = new Set(chat.participants.filter((p) => p.state !== 'left').map((p) => p.technician.id));
    const options = s.directory.technicians
      .filter((t) => t.id !== s.me?.id && !inChat.has(t.id))
      .map((t) => ({ label: t.name, value: String(t.id) }));
    this.openPicker(`Invite to chat ${chat.id}`, options, { kind: 'conference', chatId: chat.id });
  }

  private openEndConference(chat: Chat): void {
    const options = chat.participants
      .filter((p) => p.role === 'conference' && p.state !== 'left')
      .map((p) => ({ label: p.technician.name, value: String(p.technician.id), hint: p.state }));
    this.openPicker(`End the conference in chat ${chat.id} with`, options, { kind: 'end-conference', chatId: chat.id });
  }

  private openEnd(chat: Chat): void {
    const options = this.wrapupOptions();
    if (options.length === 0) {
      return this.flash('No wrap-up reasons yet: an admin adds them with `desk admin wrapup add REASON`.', 'error');
    }
    this.openPicker(`End chat ${chat.id}: wrap-up reason`, options, { kind: 'end', chatId: chat.id });
  }

  private makeTicket(chat: Chat): void {
    if (chat.ticketId === null) return void this.chosen({ kind: 'chat-ticket', chatId: chat.id }, '');
    this.openPrompt(`Rename ticket #${chat.ticketId}`, 'New title (empty keeps it)', 300, false, {
      kind: 'chat-ticket',
      chatId: chat.id,
    });
  }

  private async toggleTimer(ticketId: number): Promise<void> {
    try {
      const running = this.state.timer?.ticket.id === ticketId;
      const res = running ? await this.api.stopTimer() : await this.api.startTimer(ticketId);
      this.dispatch({ type: 'timer', timer: res.timer, at: this.clock() });
      if (running) {
        const mins = Math.round((res.stopped?.durationMs ?? 0) / 60_000);
        this.flash(`Timer stopped on #${ticketId}: ${mins} min recorded.`, 'ok');
      } else {
        this.flash(
          res.stopped
            ? `Timer started on #${ticketId} (stopped on #${res.stopped.ticket.id}).`
            : `Timer started on #${ticketId}.`,
          'ok',
        );
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** Acts on what a picker or prompt returned. */
  private async chosen(p: Purpose, value: string): Promise<void> {
    const api = this.api;
    try {
      switch (p.kind) {
        case 'presence':
          return await this.setPresence(value as 'available' | 'away' | 'offline');
        case 'transfer-target': {
          const options = this.wrapupOptions();
          if (options.length === 0) {
            return this.flash(
              'No wrap-up reasons yet: an admin adds them with `desk admin wrapup add REASON`.',
              'error',
            );
          }
          return this.openPicker('Wrap-up reason for the transfer', options, {
            kind: 'transfer-reason',
            chatId: p.chatId,
            target: value,
          });
        }
        case 'transfer-reason':
          return this.openPrompt(
            'Note for the new technician (optional)',
            `At most ${TRANSFER_NOTE_MAX} characters; Enter with nothing sends no note.`,
            TRANSFER_NOTE_MAX,
            false,
            { kind: 'transfer-note', chatId: p.chatId, target: p.target, reason: value },
          );
        case 'transfer-note': {
          const note = value.trim();
          const target = p.target.startsWith('t:')
            ? { toTechnicianId: Number(p.target.slice(2)) }
            : { toQueue: p.target.slice(2) };
          const chat = await api.transfer(p.chatId, { ...target, reason: p.reason, ...(note ? { note } : {}) });
          this.dispatch({ type: 'chat.upsert', chat });
          return this.flash(`Transfer of chat ${p.chatId} asked; it stays yours until accepted.`, 'ok');
        }
        case 'conference': {
          const chat = await api.conference(p.chatId, Number(value));
          this.dispatch({ type: 'chat.upsert', chat });
          return this.flash('Invitation sent.', 'ok');
        }
        case 'end-conference': {
          const chat = await api.endConference(p.chatId, Number(value));
          this.dispatch({ type: 'chat.upsert', chat });
          return this.flash('Conference ended.', 'ok');
        }
        case 'end': {
          const chat = await api.end(p.chatId, value);
          this.dispatch({ type: 'chat.upsert', chat });
          this.dispatch({ type: 'composer.focus', focused: false });
          return this.flash(`Chat ${p.chatId} ended (${value}). Press x to close its tab.`, 'ok');
        }
        case 'chat-ticket': {
          const title = value.trim();
          const res = await api.chatTicket(p.chatId, title || undefined);
          return this.flash(
            res.created
              ? `Ticket #${res.ticketId} made from chat ${p.chatId}.`
              : `Ticket #${res.ticketId}: "${res.title}".`,
            'ok',
          );
        }
        case 'attach': {
          const path = value.trim();
          if (!path) return;
          this.flash(`Sending ${path}…`);
          const message = await api.attach(p.chatId, path, randomUUID());
          this.dispatch({ type: 'message.sent', message });
          return this.flash('File sent.', 'ok');
        }
        case 'status': {
          const t = await api.updateTicket(p.ticketId, { status: value as never });
          this.dispatch({ type: 'ticket.upsert', ticket: t });
          await this.loadTicket(p.ticketId);
          return this.flash(`#${p.ticketId} is now ${label(value)}.`, 'ok');
        }
        case 'priority': {
          const t = await api.updateTicket(p.ticketId, { priority: value as never });
          this.dispatch({ type: 'ticket.upsert', ticket: t });
          await this.loadTicket(p.ticketId);
          return this.flash(`#${p.ticketId} priority ${label(value)}.`, 'ok');
        }
        case 'assignee': {
          const t = await api.updateTicket(p.ticketId, { assigneeId: value === '' ? null : Number(value) });
          this.dispatch({ type: 'ticket.upsert', ticket: t });
          await this.loadTicket(p.ticketId);
          return this.flash(`#${p.ticketId} assigned to ${t.assignee?.name ?? 'nobody'}.`, 'ok');
        }
        case 'comment': {
          if (value.trim().length === 0) return this.flash('Nothing written: not sent.');
          const detail = await api.comment(p.ticketId, p.comment, value, randomUUID());
          this.dispatch({ type: 'ticket.loaded', detail });
          return this.flash(p.comment === 'reply' ? 'Reply sent.' : 'Note added.', 'ok');
        }
      }
    } catch (err) {
      this.fail(err);
    }
  }
}

function presenceOptions(): Option[] {
  return [
    { label: 'Available', value: 'available', hint: 'receive chat offers' },
    { label: 'Away', value: 'away', hint: 'no offers' },
    { label: 'Offline', value: 'offline', hint: 'no offers' },
  ];
}

/** What a chat from "my chats" waits for me to answer, if anything. */
export function invitationOf(c: Chat, me: number | undefined): Invitation | undefined {
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
