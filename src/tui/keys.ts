/**
 * Every key binding of the TUI, in one table looked up by name. A keypress is turned into a key name
 * (`a`, `A`, `ctrl+t`, `shift+tab`, `up`…), then looked up in the scopes active at that moment, most
 * specific first; the help screen is printed from the same table, so it always lists every key. The
 * table is checked when this module loads: a key no keypress can produce, or one bound twice in a
 * scope, throws. What each command does is in commands.ts.
 */
import type { Key } from 'ink';

export type Scope =
  'global' | 'list' | 'queue' | 'chat' | 'composer' | 'edit' | 'tickets' | 'ticket' | 'picker' | 'prompt' | 'confirm';

export interface Binding {
  readonly keys: readonly string[];
  readonly help: string;
  readonly scope: Scope;
}

const b = (scope: Scope, keys: string[], help: string): Binding => ({ scope, keys, help });

export const BINDINGS = {
  // Anywhere (in a text field only the keys that do not type text).
  help: b('global', ['?'], 'show or hide this help'),
  quit: b('global', ['q', 'ctrl+c'], 'quit (asks first if a message draft would be lost)'),
  nextPane: b('global', ['tab'], 'next pane'),
  prevPane: b('global', ['shift+tab'], 'previous pane'),
  paneQueue: b('global', ['1'], 'go to the queue'),
  paneChats: b('global', ['2'], 'go to the chats'),
  paneTickets: b('global', ['3'], 'go to the tickets'),
  paneDashboard: b('global', ['4'], 'go to the dashboard (waiting, technicians, queues, SLA, today)'),
  back: b('global', ['escape'], 'back out: close a view, leave the composer, cancel'),
  available: b('global', ['v'], 'become Available (ends RONA)'),
  presence: b('global', ['V'], 'set availability: Available, Away or Offline'),

  // Lists: the queue, tickets, pickers.
  up: b('list', ['up', 'k'], 'move up'),
  down: b('list', ['down', 'j'], 'move down'),
  pageUp: b('list', ['pageup'], 'page up'),
  pageDown: b('list', ['pagedown'], 'page down'),
  top: b('list', ['home', 'g'], 'first row'),
  bottom: b('list', ['end', 'G'], 'last row'),

  // Queue pane.
  accept: b('queue', ['a'], 'accept the selected offer (opens the chat)'),
  decline: b('queue', ['d'], 'decline the selected offer'),
  take: b('queue', ['t'], 'take the selected request (pick queues)'),
  openRequest: b('queue', ['return'], 'open the chat of the selected row if it is yours'),
  queueFilter: b('queue', ['f'], 'show: new, active, completed or all chats'),
  queueSort: b('queue', ['s'], 'sort by waiting time, customer or company'),
  startChat: b('queue', ['n'], 'start a chat with a contact (type to find them)'),
  joinSession: b('queue', ['J'], 'join a running support session by its number, as an assistant'),

  // Chat pane, composer not focused.
  compose: b('chat', ['i', 'return'], 'write in the composer'),
  scrollUp: b('chat', ['up', 'k'], 'scroll the transcript up'),
  scrollDown: b('chat', ['down', 'j'], 'scroll the transcript down'),
  scrollPageUp: b('chat', ['pageup'], 'scroll a page up'),
  scrollPageDown: b('chat', ['pagedown'], 'scroll a page down'),
  scrollEnd: b('chat', ['end', 'G'], 'jump to the newest message'),
  nextChat: b('chat', [']', 'right'], 'next chat tab'),
  prevChat: b('chat', ['[', 'left'], 'previous chat tab'),
  transfer: b('chat', ['t'], 'transfer to a technician or queue (wrap-up, note ≤ 345)'),
  conference: b('chat', ['c'], 'invite a technician to a conference'),
  endConference: b('chat', ['C'], 'end the conference with a technician'),
  endChat: b('chat', ['e'], 'end the chat (pick a wrap-up reason)'),
  makeTicket: b('chat', ['m'], 'make the ticket for this chat now (or rename it)'),
  attach: b('chat', ['f'], 'attach a file'),
  closeTab: b('chat', ['x'], 'close the tab of an ended chat'),

  // Composer focused: letters type, these act.
  send: b('composer', ['return'], 'send the message'),
  newline: b('composer', ['ctrl+j', 'meta+return'], 'new line in the message'),
  composerTransfer: b('composer', ['ctrl+t'], 'transfer the chat'),
  composerConference: b('composer', ['ctrl+o'], 'invite to a conference'),
  composerEnd: b('composer', ['ctrl+x'], 'end the chat'),
  composerTicket: b('composer', ['ctrl+k'], 'make the ticket now'),
  composerAttach: b('composer', ['ctrl+f'], 'attach a file'),
  composerNextChat: b('composer', ['ctrl+n'], 'next chat tab'),
  composerPrevChat: b('composer', ['ctrl+p'], 'previous chat tab'),

  // Text editing (composer and prompts).
  left: b('edit', ['left'], 'cursor left'),
  right: b('edit', ['right'], 'cursor right'),
  home: b('edit', ['home', 'ctrl+a'], 'start of the line'),
  end: b('edit', ['end', 'ctrl+e'], 'end of the line'),
  backspace: b('edit', ['backspace', 'delete'], 'delete the character before the cursor'),
  clear: b('edit', ['ctrl+u'], 'clear the text'),

  // Tickets list.
  openTicket: b('tickets', ['return'], 'open the selected ticket'),
  filterAssignee: b('tickets', ['f'], 'filter: mine, unassigned, all'),
  filterStatus: b('tickets', ['s'], 'filter by status'),
  refresh: b('tickets', ['r'], 'reload the list'),

  // Ticket detail.
  reply: b('ticket', ['r'], 'public reply (the requester sees it)'),
  note: b('ticket', ['n'], 'internal note (technicians only)'),
  comment: b('ticket', ['c'], 'comment as the ticket settings say (public reply unless made internal)'),
  status: b('ticket', ['s'], 'change the status'),
  priority: b('ticket', ['p'], 'change the priority'),
  assignee: b('ticket', ['a'], 'change the assignee'),
  timer: b('ticket', ['t'], 'start or stop the time tracker on this ticket'),
  ticketUp: b('ticket', ['up', 'k'], 'scroll up'),
  ticketDown: b('ticket', ['down', 'j'], 'scroll down'),
  ticketPageUp: b('ticket', ['pageup'], 'page up'),
  ticketPageDown: b('ticket', ['pagedown'], 'page down'),

  // Pickers, prompts, questions.
  choose: b('picker', ['return'], 'choose'),
  submit: b('prompt', ['return'], 'submit'),
  promptNewline: b('prompt', ['ctrl+j', 'meta+return'], 'new line'),
  yes: b('confirm', ['y'], 'yes'),
  no: b('confirm', ['n'], 'no'),
} satisfies Record<string, Binding>;

export type Command = keyof typeof BINDINGS;

/** Scopes whose keys are listed together on the help screen, in this order. */
export const HELP_SECTIONS: ReadonlyArray<{ title: string; scope: Scope }> = [
  { title: 'Everywhere', scope: 'global' },
  { title: 'Lists', scope: 'list' },
  { title: 'Queue', scope: 'queue' },
  { title: 'Chat', scope: 'chat' },
  { title: 'Composer', scope: 'composer' },
  { title: 'Editing text', scope: 'edit' },
  { title: 'Tickets', scope: 'tickets' },
  { title: 'Ticket view', scope: 'ticket' },
  { title: 'Pickers and prompts', scope: 'picker' },
  { title: 'Prompts', scope: 'prompt' },
  { title: 'Questions', scope: 'confirm' },
];

/** Keys with a name of their own, as {@link keyName} spells them. */
const NAMED_KEYS = new Set([
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
  'return',
  'meta+return',
  'tab',
  'shift+tab',
  'escape',
  'backspace',
  'delete',
  'space',
]);

/** Whether {@link keyName} can ever answer this name: a named key, `ctrl+` a letter, `meta+` or one character. */
export function isKeyName(k: string): boolean {
  if (NAMED_KEYS.has(k)) return true;
  if (/^ctrl\+[a-z]$/.test(k)) return true;
  const char = k.startsWith('meta+') ? k.slice(5) : k;
  return [...char].length === 1 && char > ' ' && char !== '\x7f';
}

/** Key name → command, per scope. */
export type KeyTable = ReadonlyMap<Scope, ReadonlyMap<string, string>>;

/**
 * Builds the lookup table of a set of bindings, refusing a key that no keypress can produce (a typo
 * would otherwise ship as a key that silently does nothing) and a key bound twice in one scope.
 */
export function keyTable(bindings: Readonly<Record<string, Binding>>): KeyTable {
  const table = new Map<Scope, Map<string, string>>();
  for (const [name, binding] of Object.entries(bindings)) {
    if (binding.keys.length === 0) throw new Error(`key binding ${name}: no keys`);
    let scope = table.get(binding.scope);
    if (!scope) table.set(binding.scope, (scope = new Map()));
    for (const k of binding.keys) {
      if (!isKeyName(k)) throw new Error(`key binding ${name}: unknown key "${k}"`);
      const taken = scope.get(k);
      if (taken) throw new Error(`key binding ${name}: "${k}" is already bound to ${taken} in ${binding.scope}`);
      scope.set(k, name);
    }
  }
  return table;
}

const index = keyTable(BINDINGS) as ReadonlyMap<Scope, ReadonlyMap<string, Command>>;

/** The command a key runs in the given scopes (most specific first), if any. */
export function lookup(scopes: readonly Scope[], keyName: string): Command | undefined {
  for (const s of scopes) {
    const c = index.get(s)?.get(keyName);
    if (c) return c;
  }
  return undefined;
}

/**
 * The name of a keypress as the table spells it, or undefined for text that is not one key (a
 * paste). Printable single characters are their own name; a space is `space`.
 */
export function keyName(input: string, key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return key.meta ? 'meta+return' : 'return';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.escape) return 'escape';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (input === '\n') return 'ctrl+j';
  if (key.ctrl && /^[a-z]$/.test(input)) return `ctrl+${input}`;
  if (key.meta && input.length === 1) return `meta+${input}`;
  if (input === ' ') return 'space';
  if ([...input].length === 1 && input >= ' ') return input;
  return undefined;
}

/** Whether a keypress is text to type (a character or a paste), not a key that acts. */
export function isText(input: string, key: Key): boolean {
  if (key.ctrl || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return false;
  if (key.return || key.tab || key.escape || key.backspace || key.delete) return false;
  if (key.pageUp || key.pageDown || key.home || key.end) return false;
  if (key.meta && [...input].length === 1) return false;
  return input.length > 0 && input !== '\n';
}

const LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'shift+tab': 'Shift-Tab',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  backspace: 'Backspace',
  delete: 'Del',
  space: 'Space',
  'meta+return': 'Alt-Enter',
};

function label(k: string): string {
  const known = LABELS[k];
  if (known) return known;
  if (k.startsWith('ctrl+')) return `Ctrl-${k.slice(5).toUpperCase()}`;
  if (k.startsWith('meta+')) return `Alt-${k.slice(5)}`;
  return k;
}

/** How the help and hints spell a command's keys: `a`, `↑/k`, `Ctrl-J/Alt-Enter`. */
export function keyLabel(command: Command): string {
  return BINDINGS[command].keys.map(label).join('/');
}

/** The first key of a command, for short hints. */
export function firstKey(command: Command): string {
  return label(BINDINGS[command].keys[0] ?? '');
}
