/**
 * The TUI's state: what the server told us (chats, offers, transcripts, tickets, presence, timer)
 * and what the technician is doing (focused pane, selections, drafts, open pickers). One immutable
 * object, changed only by the reducer.
 */
import type {
  Chat,
  ChatMessage,
  Presence,
  PresenceState,
  Queue,
  RequestFilter,
  Transfer,
  Wrapup,
} from '../core/chat.js';
import type { SlaDue } from '../core/dashboard.js';
import type { Technician, Ticket } from '../core/schemas.js';
import type { TicketDetail } from '../core/ticket-detail.js';
import type { Timer } from '../core/time-schemas.js';
import type { AssigneeFilter, StatusFilter } from '../client/api/tickets.js';
import type { Editor } from './editor.js';

/**
 * A server event after validation (src/tui/events.ts), with the data the TUI uses. Parsing happens
 * outside the reducer so that the first frame does not wait for the schemas to load.
 */
export type ServerEvent =
  | { readonly kind: 'chat'; readonly chat: Chat; readonly requested?: boolean }
  | {
      readonly kind: 'offered';
      readonly chat: Chat;
      readonly technicianId: number | null;
      readonly expiresAt: number | null;
      readonly at: number;
    }
  | { readonly kind: 'message'; readonly message: ChatMessage }
  | {
      readonly kind: 'transfer';
      readonly chatId: number;
      readonly chat: Chat | null;
      readonly transfer: Transfer | null;
    }
  | { readonly kind: 'conference'; readonly chat: Chat; readonly expiresAt: number | null; readonly at: number }
  | { readonly kind: 'busy'; readonly chatId: number }
  | {
      readonly kind: 'notice';
      readonly chatId: number;
      readonly text: string;
      readonly notice: string | null;
      readonly technicianId: number | null;
    }
  | { readonly kind: 'chat-ticket'; readonly chatId: number; readonly ticketId: number }
  | { readonly kind: 'presence'; readonly presence: Presence }
  | { readonly kind: 'timer'; readonly technicianId: number; readonly timer: Timer | null }
  | {
      readonly kind: 'ticket';
      readonly ticket: Ticket;
      /** What the event says happened: created, updated (set to Resolved or not), an SLA target breached. */
      readonly change?: 'created' | 'resolved' | 'updated' | 'breached';
    }
  | { readonly kind: 'rated'; readonly ticketId: number; readonly rating: number }
  | { readonly kind: 'notification' };

export type Pane = 'queue' | 'chat' | 'tickets' | 'dashboard';
export const PANES: readonly Pane[] = ['queue', 'chat', 'tickets', 'dashboard'];

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface Me {
  readonly id: number;
  readonly name: string;
  readonly admin: boolean;
  readonly canUnmask: boolean;
}

/** Something waiting for me to answer: an offer of a request, a transfer, a conference invitation. */
export interface Invitation {
  readonly chatId: number;
  readonly kind: 'offer' | 'transfer' | 'conference';
  /** Server time (epoch ms) when it lapses, if known. */
  readonly expiresAt: number | null;
  /** Server time it was made, for "newest first". */
  readonly at: number;
  /** Who hands it over (transfers, conferences). */
  readonly from: string | null;
  readonly note: string | null;
}

export interface Transcript {
  /** Sorted by id. */
  readonly messages: readonly ChatMessage[];
  readonly loaded: boolean;
}

export type { AssigneeFilter, StatusFilter };
export const ASSIGNEE_FILTERS: readonly AssigneeFilter[] = ['mine', 'unassigned', 'all'];
export const STATUS_FILTERS: readonly StatusFilter[] = ['active', 'open', 'pending', 'resolved', 'closed', 'all'];

/** What the queue pane lists besides what waits for my answer, and in which order. */
export type QueueFilter = RequestFilter;
export const QUEUE_FILTERS: readonly QueueFilter[] = ['all', 'new', 'active', 'completed'];
export type QueueSort = 'wait' | 'customer' | 'company';
export const QUEUE_SORTS: readonly QueueSort[] = ['wait', 'customer', 'company'];

export interface TicketList {
  readonly items: readonly Ticket[];
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly assignee: AssigneeFilter;
  readonly status: StatusFilter;
  /** Id of the selected ticket (kept when rows move). */
  readonly selected: number | null;
}

export interface TicketView {
  readonly id: number;
  readonly detail: TicketDetail | null;
  /** Lines scrolled up from the newest comment. */
  readonly scroll: number;
}

/** An option of a picker: what it shows and the value it stands for. */
export interface Option {
  readonly label: string;
  readonly value: string;
  readonly hint?: string;
  /** Why it cannot be chosen (an Offline or RONA technician), if so: shown, and said when chosen. */
  readonly disabled?: string;
}

/** What a picker or prompt is for; the controller acts on it when the technician chooses. */
export type Purpose =
  | { readonly kind: 'presence' }
  | { readonly kind: 'transfer-target'; readonly chatId: number }
  | { readonly kind: 'transfer-reason'; readonly chatId: number; readonly target: string }
  | { readonly kind: 'transfer-note'; readonly chatId: number; readonly target: string; readonly reason: string }
  | { readonly kind: 'conference'; readonly chatId: number }
  | { readonly kind: 'end-conference'; readonly chatId: number; readonly leaving?: boolean }
  | { readonly kind: 'end'; readonly chatId: number }
  | { readonly kind: 'chat-ticket'; readonly chatId: number }
  | { readonly kind: 'attach'; readonly chatId: number }
  | { readonly kind: 'start-chat' }
  | { readonly kind: 'join-session' }
  | { readonly kind: 'start-message'; readonly contactId: number }
  | { readonly kind: 'status'; readonly ticketId: number }
  | { readonly kind: 'priority'; readonly ticketId: number }
  | { readonly kind: 'assignee'; readonly ticketId: number }
  | { readonly kind: 'comment'; readonly ticketId: number; readonly comment: 'reply' | 'note' }
  | { readonly kind: 'close-timer'; readonly ticketId: number };

export type Modal =
  | { readonly kind: 'none' }
  | { readonly kind: 'help'; readonly scroll: number }
  | {
      readonly kind: 'picker';
      readonly title: string;
      readonly options: readonly Option[];
      /** Index into the options the filter leaves (see `pickerOptions`). */
      readonly selected: number;
      readonly purpose: Purpose;
      /** What was typed to narrow the options, on pickers that filter as you type. */
      readonly filter?: string;
    }
  | {
      readonly kind: 'prompt';
      readonly title: string;
      readonly hint: string;
      readonly editor: Editor;
      readonly max: number;
      readonly multiline: boolean;
      readonly refused: string | null;
      readonly purpose: Purpose;
    }
  | { readonly kind: 'confirm-quit'; readonly drafts: number };

export interface Flash {
  readonly text: string;
  readonly tone: 'error' | 'info' | 'ok';
  readonly at: number;
}

export interface Directory {
  readonly technicians: readonly Technician[];
  readonly queues: readonly Queue[];
  readonly wrapups: readonly Wrapup[];
  /** Every technician's availability and chat load, by technician id (kept current from the stream). */
  readonly team: ReadonlyMap<number, Presence>;
  /** How long a customer has to accept a chat a technician starts (the `chat.invite-timeout` setting). */
  readonly inviteTimeoutMs: number;
}

/** A technician as the dashboard shows them (their active chats are counted from the chats seen). */
export interface DashboardTechnician {
  readonly id: number;
  readonly name: string;
  readonly state: PresenceState;
  readonly maxChats: number | null;
}

/** Today's counters on the dashboard. */
export interface DashboardToday {
  readonly created: number;
  readonly resolved: number;
  readonly chats: number;
  readonly rona: number;
  /** Rating per ticket rated today. */
  readonly ratings: ReadonlyMap<number, number>;
}

/**
 * The supervisor dashboard: loaded from the snapshot, then kept current from the events after its
 * `seq`. Times are server epoch ms.
 */
export interface DashboardState {
  readonly seq: number;
  readonly dayStart: number;
  readonly dayEnd: number;
  /** Chats waiting or in progress, by id. */
  readonly chats: ReadonlyMap<number, Chat>;
  readonly technicians: ReadonlyMap<number, DashboardTechnician>;
  /** The nearest unmet SLA deadline of each ticket with a running clock, by ticket id. */
  readonly slaDue: ReadonlyMap<number, SlaDue>;
  readonly today: DashboardToday;
}

export interface State {
  readonly server: string;
  readonly me: Me | null;
  readonly connection: Connection;
  /** Server clock minus local clock, ms (the server may run a test clock). */
  readonly skew: number;
  /** Local clock at the last tick. */
  readonly now: number;
  readonly presence: Presence | null;
  readonly timer: Timer | null;
  /** Local time the timer was received at (its elapsed time counts from there). */
  readonly timerAt: number;
  /** Unread mentions; null when the server has no notifications. */
  readonly mentions: number | null;

  readonly chats: ReadonlyMap<number, Chat>;
  readonly invitations: ReadonlyMap<number, Invitation>;
  readonly transcripts: ReadonlyMap<number, Transcript>;
  /** Chat tabs in the order they were opened. */
  readonly tabs: readonly number[];
  readonly activeTab: number | null;
  /** Chats with messages I have not looked at. */
  readonly unread: ReadonlySet<number>;
  readonly drafts: ReadonlyMap<number, Editor>;
  /** Lines scrolled up from the newest message, per chat. */
  readonly scroll: ReadonlyMap<number, number>;
  readonly composerFocused: boolean;
  readonly composerRefused: string | null;
  /** Technician-only notices per chat (offer lapsed, transfer not accepted…). */
  readonly notices: ReadonlyMap<number, readonly string[]>;

  readonly queueSelected: number | null;
  readonly queueFilter: QueueFilter;
  readonly queueSort: QueueSort;
  readonly tickets: TicketList;
  readonly ticketView: TicketView | null;
  readonly directory: Directory;
  /** Null until the snapshot is loaded (or when the server has none). */
  readonly dashboard: DashboardState | null;

  readonly pane: Pane;
  readonly modal: Modal;
  readonly flash: Flash | null;
  /** Chats whose send is in flight, so Enter twice does not send twice. */
  readonly sending: ReadonlySet<number>;
}

/** The `chat.invite-timeout` default, until the setting is read. */
export const INVITE_TIMEOUT_DEFAULT_MS = 120_000;

export function initialState(server: string, now: number): State {
  return {
    server,
    me: null,
    connection: 'connecting',
    skew: 0,
    now,
    presence: null,
    timer: null,
    timerAt: now,
    mentions: null,
    chats: new Map(),
    invitations: new Map(),
    transcripts: new Map(),
    tabs: [],
    activeTab: null,
    unread: new Set(),
    drafts: new Map(),
    scroll: new Map(),
    composerFocused: false,
    composerRefused: null,
    notices: new Map(),
    queueSelected: null,
    queueFilter: 'new',
    queueSort: 'wait',
    tickets: { items: [], nextCursor: null, loading: false, assignee: 'mine', status: 'active', selected: null },
    ticketView: null,
    directory: {
      technicians: [],
      queues: [],
      wrapups: [],
      team: new Map(),
      inviteTimeoutMs: INVITE_TIMEOUT_DEFAULT_MS,
    },
    dashboard: null,
    pane: 'queue',
    modal: { kind: 'none' },
    flash: null,
    sending: new Set(),
  };
}
