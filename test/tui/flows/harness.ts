/**
 * A TUI controller on a fake API, for the flow tests: the real store, reducer, key routing, command
 * table and flows, with a server that records every call it is sent and answers from fixtures (or
 * as a test tells it). Keys are pressed by name, as keys.ts spells them.
 */
import type { Key } from 'ink';
import type { Chat, ChatMessage, Queue, Wrapup } from '../../../src/core/chat.js';
import { DeskError } from '../../../src/core/errors.js';
import type { Technician } from '../../../src/core/schemas.js';
import { Controller } from '../../../src/tui/controller.js';
import type { Live, TuiApi, TuiStream } from '../../../src/tui/live.js';
import type { Action } from '../../../src/tui/reducer.js';
import type { State } from '../../../src/tui/state.js';
import { createStore } from '../../../src/tui/store.js';
import { ME, NOW, activeChat, iso, stateWith, ticket } from '../fixtures.js';

type Method = keyof TuiApi;
type Impl<M extends Method> = (
  ...args: Parameters<TuiApi[M]>
) => ReturnType<TuiApi[M]> | Awaited<ReturnType<TuiApi[M]>>;

/** One call the TUI sent: the API method and its arguments. */
export interface Call {
  readonly method: Method;
  readonly args: readonly unknown[];
}

export function technician(id: number, name: string, over: Partial<Technician> = {}): Technician {
  return {
    id,
    name,
    email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
    admin: false,
    canUnmask: false,
    openTickets: 0,
    createdAt: iso(NOW),
    ...over,
  };
}

export function queue(id: number, name: string, mode: Queue['mode'] = 'offer'): Queue {
  return { id, name, mode, offerTimeoutMs: 30_000, isDefault: id === 1, members: [], allTechnicians: true };
}

export const wrapup = (id: number, name: string): Wrapup => ({ id, name });

/** The directory the pickers list: me, Kim and Lee; two queues; two wrap-up reasons. */
export const KIM = technician(3, 'Kim Park', { openTickets: 4 });
export const LEE = technician(4, 'Lee Chen', { openTickets: 1 });
export const DIRECTORY: Action = {
  type: 'directory',
  directory: {
    technicians: [technician(ME.id, ME.name), KIM, LEE],
    queues: [queue(1, 'default'), queue(2, 'billing', 'pick')],
    wrapups: [wrapup(1, 'Resolved'), wrapup(2, 'Handed over')],
  },
};

/** An error as the API client raises it for a refused request. */
export const refused = (code: DeskError['code'], message: string, hint?: string) =>
  new DeskError(code, message, hint ? { hint } : {});

let nextMessageId = 500;

/** What the fake server answers when a test does not say otherwise. */
function defaults(): { [M in Method]?: Impl<M> } {
  return {
    me: () => ({
      technician: technician(ME.id, ME.name),
      account: { id: 1, name: 'Test' },
      tokenPrefix: 'abc',
    }),
    send: (chatId, body, clientId) => {
      nextMessageId += 1;
      const m: ChatMessage = {
        id: nextMessageId,
        chatId,
        author: { kind: 'technician', id: ME.id, name: ME.name },
        body,
        internal: false,
        file: null,
        clientId,
        createdAt: iso(NOW),
      };
      return m;
    },
    transfer: (chatId) => activeChat(chatId, { transferPending: true, updatedAt: iso(NOW) }),
    conference: (chatId, technicianId) =>
      activeChat(chatId, {
        updatedAt: iso(NOW),
        participants: [
          { technician: { id: ME.id, name: ME.name }, role: 'owner', state: 'active' },
          {
            technician: { id: technicianId, name: `Technician ${technicianId}` },
            role: 'conference',
            state: 'invited',
          },
        ],
      }),
    endConference: (chatId) => activeChat(chatId, { updatedAt: iso(NOW) }),
    end: (chatId) => activeChat(chatId, { state: 'ended', endedAt: iso(NOW), updatedAt: iso(NOW) }),
    chatTicket: (chatId, title) => ({ ticketId: 40 + chatId, created: title === undefined, title: title ?? 'Chat' }),
    comment: (id, kind, body) => ({
      ticket: ticket(id, { updatedAt: iso(NOW) }),
      comment: {
        id: 900,
        kind,
        author: { kind: 'technician', id: ME.id, name: ME.name },
        body,
        truncated: false,
        createdAt: iso(NOW),
      },
    }),
  };
}

/** A fake API: records each call, answers with `answers` or the defaults, and refuses anything else. */
export class FakeApi {
  readonly calls: Call[] = [];
  private readonly answers = new Map<Method, (...args: never[]) => unknown>();
  readonly api: TuiApi;

  constructor() {
    const base = defaults() as Record<string, ((...args: never[]) => unknown) | undefined>;
    const api: Record<string, unknown> = {};
    const methods = new Set<string>([...Object.keys(base), ...METHODS]);
    for (const method of methods) {
      api[method] = async (...args: never[]) => {
        this.calls.push({ method: method as Method, args });
        const impl = this.answers.get(method as Method) ?? base[method];
        if (!impl) throw new Error(`the fake API was not told how to answer ${method}`);
        return impl(...args);
      };
    }
    this.api = api as unknown as TuiApi;
  }

  /** Answers `method` with `impl` from now on (throwing in it fails the call). */
  answer<M extends Method>(method: M, impl: Impl<M>): void {
    this.answers.set(method, impl as (...args: never[]) => unknown);
  }

  /** Fails every call of `method` with `err`. */
  fail(method: Method, err: Error): void {
    this.answers.set(method, () => {
      throw err;
    });
  }

  /**
   * The calls sent, leaving out the `me` the connection makes first and the directory reads a
   * technician picker makes as it opens (see {@link DIRECTORY_READS}).
   */
  sent(): Call[] {
    return this.calls.filter((c) => c.method !== 'me' && !DIRECTORY_READS.includes(c.method));
  }
}

/** What a technician or queue picker reloads as it opens. */
export const DIRECTORY_READS: readonly Method[] = ['technicians', 'queues', 'team'];

const METHODS: readonly Method[] = [
  'me',
  'status',
  'setStatus',
  'requests',
  'myChats',
  'chat',
  'accept',
  'decline',
  'take',
  'send',
  'transfer',
  'conference',
  'endConference',
  'end',
  'chatTicket',
  'attach',
  'technicians',
  'team',
  'contacts',
  'settings',
  'statuses',
  'startChat',
  'joinSession',
  'queues',
  'wrapups',
  'timer',
  'startTimer',
  'stopTimer',
  'tickets',
  'ticket',
  'updateTicket',
  'comment',
  'unreadMentions',
];

/** A stream that never delivers anything on its own (so no load runs unless a test asks). */
const quietStream: TuiStream = { on: () => undefined, start: () => undefined, stop: () => undefined };

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** The input and Key Ink hands the controller for a key name (`return`, `ctrl+t`, `escape`, `x`). */
function keypress(name: string): [string, Key] {
  const named: Record<string, Partial<Key>> = {
    return: { return: true },
    escape: { escape: true },
    tab: { tab: true },
    up: { upArrow: true },
    down: { downArrow: true },
    left: { leftArrow: true },
    right: { rightArrow: true },
    backspace: { backspace: true },
    end: { end: true },
    home: { home: true },
  };
  const k = named[name];
  if (k) return ['', { ...NO_KEY, ...k }];
  if (name.startsWith('ctrl+')) return [name.slice(5), { ...NO_KEY, ctrl: true }];
  return [name, NO_KEY];
}

/** Lets the flows' promises (all answered at once by the fake API) run to their end. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Desk {
  readonly fake: FakeApi;
  state(): State;
  /** Presses keys by name, one after another, letting each flow finish before the next key. */
  press(...keys: string[]): Promise<void>;
  /** Types text as a paste (one input). */
  type(text: string): Promise<void>;
  /** Lets answers that arrived since the last key take effect. */
  settle(): Promise<void>;
  /** Applies an action to the store, as the stream (or a load) would. */
  dispatch(action: Action): void;
  /** The status line's text and tone, or null. */
  flash(): { text: string; tone: string } | null;
  exited(): boolean;
}

/**
 * A controller logged in as {@link ME} with the directory loaded, after these actions, connected to a
 * fake API.
 */
export function desk(...actions: Action[]): Desk {
  const store = createStore(stateWith(DIRECTORY, ...actions), { sync: true });
  const fake = new FakeApi();
  let exited = false;
  const controller = new Controller({
    store,
    exit: () => {
      exited = true;
    },
    now: () => NOW,
  });
  // The directory the pickers reload is, unless a test says otherwise, the one the state holds.
  fake.answer('technicians', () => [...store.getState().directory.technicians]);
  fake.answer('queues', () => [...store.getState().directory.queues]);
  fake.answer('team', () => [...store.getState().directory.team.values()]);
  const live: Live = { api: fake.api, stream: quietStream, parse: () => undefined };
  controller.connect(live);
  return {
    fake,
    state: () => store.getState(),
    async press(...keys) {
      for (const k of keys) {
        const [input, key] = keypress(k);
        controller.handleKey(input, key);
        await settle();
      }
    },
    async type(text) {
      controller.handleKey(text, NO_KEY);
      await settle();
    },
    settle,
    dispatch: (action) => store.dispatch(action),
    flash() {
      const f = store.getState().flash;
      return f ? { text: f.text, tone: f.tone } : null;
    },
    exited: () => exited,
  };
}

/** The chat pane on an active chat of mine, the composer not focused. */
export function onChat(chat: Chat = activeChat(7)): Action[] {
  return [
    { type: 'chat.upsert', chat },
    { type: 'chat.open', chatId: chat.id, compose: false },
  ];
}
