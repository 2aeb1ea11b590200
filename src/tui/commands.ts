/**
 * The command table: what each named command does when its key (keys.ts) is pressed on a pane.
 * Every command has an entry; those that act only inside a picker, prompt or question are null here
 * and handled by the key routing (key-routing.ts).
 */
import type { TuiContext } from './context.js';
import type { EditOp } from './editor.js';
import { startAttach } from './flows/attach.js';
import { startChat } from './flows/start-chat.js';
import { startJoinSession } from './flows/join-session.js';
import { startChatTicket } from './flows/chat-ticket.js';
import { startComment } from './flows/comment.js';
import { startConference, startEndConference } from './flows/conference.js';
import { startEnd } from './flows/end-chat.js';
import { withChat, withTicket } from './flows/modal.js';
import { setPresence, startPresence } from './flows/presence.js';
import { answer } from './flows/queue-answer.js';
import { startAssignee, startPriority, startStatus } from './flows/ticket-fields.js';
import { defaultCommentKind, timerOnOpen } from './flows/ticket-settings.js';
import { toggleTimer } from './flows/timer.js';
import { startTransfer } from './flows/transfer.js';
import type { Command } from './keys.js';
import type { Move } from './reducers/slice.js';
import { handedOver, handedOverText, isMine, selectedQueueRow, ticketIndex } from './select.js';
import { ASSIGNEE_FILTERS, QUEUE_SORTS, STATUS_FILTERS } from './state.js';

type Handler = (ctx: TuiContext) => void;

/** A list move: on the queue, or on the tickets (loading the next page near the end). */
const move =
  (m: (page: number) => Move): Handler =>
  (ctx) => {
    const s = ctx.state();
    const mv = m(ctx.pageSize());
    if (s.pane === 'queue') return ctx.dispatch({ type: 'queue.move', move: mv });
    if (s.pane === 'tickets') {
      ctx.dispatch({ type: 'tickets.move', move: mv });
      const after = ctx.state();
      if (ticketIndex(after) >= after.tickets.items.length - 10) void ctx.loadTickets(true);
    }
  };

/** A text edit in the composer (in prompts the key routing applies it). */
const edit =
  (op: EditOp): Handler =>
  (ctx) => {
    if (ctx.state().composerFocused) ctx.dispatch({ type: 'composer.edit', edit: op });
  };

const chatScroll =
  (delta: (page: number) => number | 'end'): Handler =>
  (ctx) =>
    ctx.dispatch({ type: 'chat.scroll', delta: delta(ctx.pageSize()) });

const ticketScroll =
  (delta: (page: number) => number): Handler =>
  (ctx) =>
    ctx.dispatch({ type: 'ticket.scroll', delta: delta(ctx.pageSize()) });

const cycleFilter =
  (which: 'assignee' | 'status'): Handler =>
  (ctx) => {
    const t = ctx.state().tickets;
    if (which === 'assignee') {
      const i = ASSIGNEE_FILTERS.indexOf(t.assignee);
      ctx.dispatch({ type: 'tickets.filter', assignee: ASSIGNEE_FILTERS[(i + 1) % ASSIGNEE_FILTERS.length]! });
    } else {
      const i = STATUS_FILTERS.indexOf(t.status);
      ctx.dispatch({ type: 'tickets.filter', status: STATUS_FILTERS[(i + 1) % STATUS_FILTERS.length]! });
    }
    void ctx.loadTickets(false);
  };

const transfer: Handler = (ctx) => withChat(ctx, (chat) => void startTransfer(ctx, chat));
const conference: Handler = (ctx) => withChat(ctx, (chat) => void startConference(ctx, chat));
const endChat: Handler = (ctx) => withChat(ctx, (chat) => startEnd(ctx, chat));
const makeTicket: Handler = (ctx) => withChat(ctx, (chat) => startChatTicket(ctx, chat));
const attach: Handler = (ctx) => withChat(ctx, (chat) => startAttach(ctx, chat));
const nextChat: Handler = (ctx) => ctx.dispatch({ type: 'chat.switch', delta: 1 });
const prevChat: Handler = (ctx) => ctx.dispatch({ type: 'chat.switch', delta: -1 });

export const COMMANDS: { readonly [C in Command]: Handler | null } = {
  // anywhere
  help: (ctx) => ctx.dispatch({ type: 'modal', modal: { kind: 'help', scroll: 0 } }),
  quit: (ctx) => ctx.quit(false),
  nextPane: (ctx) => ctx.dispatch({ type: 'cyclePane', delta: 1 }),
  prevPane: (ctx) => ctx.dispatch({ type: 'cyclePane', delta: -1 }),
  paneQueue: (ctx) => ctx.dispatch({ type: 'focus', pane: 'queue' }),
  paneChats: (ctx) => ctx.dispatch({ type: 'focus', pane: 'chat' }),
  paneTickets: (ctx) => ctx.dispatch({ type: 'focus', pane: 'tickets' }),
  paneDashboard: (ctx) => ctx.dispatch({ type: 'focus', pane: 'dashboard' }),
  back: (ctx) => {
    const s = ctx.state();
    if (s.composerFocused) return ctx.dispatch({ type: 'composer.focus', focused: false });
    if (s.pane === 'tickets' && s.ticketView) return ctx.dispatch({ type: 'ticket.close' });
    if (s.flash) return ctx.dispatch({ type: 'flash.clear' });
  },
  available: (ctx) => void setPresence(ctx, 'available'),
  presence: startPresence,

  // lists
  up: move(() => ({ delta: -1 })),
  down: move(() => ({ delta: 1 })),
  pageUp: move((page) => ({ delta: -page })),
  pageDown: move((page) => ({ delta: page })),
  top: move(() => ({ to: 'top' })),
  bottom: move(() => ({ to: 'bottom' })),

  // queue
  accept: (ctx) => void answer(ctx, 'accept'),
  decline: (ctx) => void answer(ctx, 'decline'),
  take: (ctx) => void answer(ctx, 'take'),
  openRequest: (ctx) => {
    const s = ctx.state();
    const row = selectedQueueRow(s);
    if (!row) return;
    if (isMine(row.chat, s.me?.id)) return ctx.openChat(row.chat.id, true);
    if (row.invitation) return ctx.flash('Press a to accept or d to decline.');
    if (row.pending) return ctx.flash(`Waiting for ${row.chat.contact.name} to accept the invitation.`);
    if (row.chat.state === 'requested') return ctx.flash('Press t to take this request.');
    ctx.flash(
      `Chat ${row.chat.id} is not yours: ${row.chat.owner ? `${row.chat.owner.name} has it` : row.chat.state}.`,
    );
  },
  queueFilter: (ctx) => {
    const s = ctx.state();
    // New first: what waits; then active, completed and all.
    const order = ['new', 'active', 'completed', 'all'] as const;
    const filter = order[(order.indexOf(s.queueFilter) + 1) % order.length]!;
    ctx.dispatch({ type: 'queue.filter', filter });
    void ctx.loadQueue().catch((err: unknown) => ctx.fail(err));
  },
  queueSort: (ctx) => {
    const s = ctx.state();
    ctx.dispatch({
      type: 'queue.sort',
      sort: QUEUE_SORTS[(QUEUE_SORTS.indexOf(s.queueSort) + 1) % QUEUE_SORTS.length]!,
    });
  },
  startChat: (ctx) => void startChat(ctx),
  joinSession: (ctx) => startJoinSession(ctx),

  // chat
  compose: (ctx) => {
    const s = ctx.state();
    if (s.activeTab === null) return ctx.flash('No chat open: accept one in the queue (1).');
    const chat = s.chats.get(s.activeTab);
    if (chat && chat.state !== 'active' && chat.state !== 'offered') {
      return ctx.flash(`Chat ${chat.id} is ${chat.state}: nothing more can be sent.`);
    }
    const away = chat && handedOver(chat, s.me?.id);
    if (chat && away) return ctx.flash(handedOverText(chat.id, away.to));
    ctx.dispatch({ type: 'composer.focus', focused: true });
  },
  scrollUp: chatScroll(() => 1),
  scrollDown: chatScroll(() => -1),
  scrollPageUp: chatScroll((page) => page),
  scrollPageDown: chatScroll((page) => -page),
  scrollEnd: chatScroll(() => 'end'),
  nextChat,
  prevChat,
  transfer,
  conference,
  endConference: (ctx) => withChat(ctx, (chat) => startEndConference(ctx, chat)),
  endChat,
  makeTicket,
  attach,
  closeTab: (ctx) => {
    const s = ctx.state();
    const id = s.activeTab;
    if (id === null) return;
    const chat = s.chats.get(id);
    if (chat && chat.state === 'active' && isMine(chat, s.me?.id)) {
      return ctx.flash('The chat is still active: end it first (e) or transfer it (t).');
    }
    ctx.dispatch({ type: 'chat.close', chatId: id });
  },

  // composer
  send: (ctx) => void ctx.send(),
  newline: (ctx) => ctx.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: '\n' } }),
  composerTransfer: transfer,
  composerConference: conference,
  composerEnd: endChat,
  composerTicket: makeTicket,
  composerAttach: attach,
  composerNextChat: nextChat,
  composerPrevChat: prevChat,

  // editing text
  left: edit({ op: 'left' }),
  right: edit({ op: 'right' }),
  home: edit({ op: 'home' }),
  end: edit({ op: 'end' }),
  backspace: edit({ op: 'backspace' }),
  clear: edit({ op: 'clear' }),

  // tickets
  openTicket: (ctx) => {
    const s = ctx.state();
    const t = s.tickets.items[ticketIndex(s)];
    if (!t) return;
    ctx.dispatch({ type: 'ticket.open', id: t.id });
    void ctx.loadTicket(t.id);
    void timerOnOpen(ctx, t.id);
  },
  filterAssignee: cycleFilter('assignee'),
  filterStatus: cycleFilter('status'),
  refresh: (ctx) => {
    ctx.dispatch({ type: 'tickets.filter' });
    void ctx.loadTickets(false);
  },
  reply: (ctx) => startComment(ctx, 'reply'),
  note: (ctx) => startComment(ctx, 'note'),
  comment: (ctx) => withTicket(ctx, () => void defaultCommentKind(ctx).then((kind) => startComment(ctx, kind))),
  status: startStatus,
  priority: startPriority,
  assignee: startAssignee,
  timer: (ctx) => withTicket(ctx, (id) => void toggleTimer(ctx, id)),
  ticketUp: ticketScroll(() => 1),
  ticketDown: ticketScroll(() => -1),
  ticketPageUp: ticketScroll((page) => page),
  ticketPageDown: ticketScroll((page) => -page),

  // pickers, prompts and questions: see key-routing.ts
  choose: null,
  submit: null,
  promptNewline: null,
  yes: null,
  no: null,
};

/** Runs a command by name (a command that acts only in a modal does nothing here). */
export function runCommand(ctx: TuiContext, c: Command): void {
  COMMANDS[c]?.(ctx);
}

/** The edit a command makes to a text field, if it is an edit. */
export function editOf(c: Command | undefined): EditOp | undefined {
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
