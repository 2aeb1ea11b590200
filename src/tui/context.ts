/**
 * What the command table and the flows work with: the state, the server API, the status line and
 * the loads they trigger. The controller builds one; tests drive the controller with a fake API.
 */
import type { Action } from './reducer.js';
import type { TuiApi } from './live.js';
import type { Flash, Purpose, State } from './state.js';

export interface TuiContext {
  /** The API, once connected; before that, using it throws (and the flow reports it). */
  readonly api: TuiApi;
  state(): State;
  dispatch(action: Action): void;
  /** A message on the status line. */
  flash(text: string, tone?: Flash['tone']): void;
  /** An error on the status line, with its hint. */
  fail(err: unknown): void;
  /** The local clock. */
  now(): number;
  /** Rows a page of a list moves. */
  pageSize(): number;
  /** Acts on what a picker or prompt returned (see flows/choices.ts). */
  choose(purpose: Purpose, value: string): Promise<void>;
  /** Sends the active chat's draft. */
  send(): Promise<void>;
  openChat(chatId: number, compose: boolean): void;
  loadTicket(id: number): Promise<void>;
  loadTickets(append: boolean): Promise<void>;
  /** Reloads the technicians, their availability and the queues (pickers open with what is current). */
  loadDirectory(): Promise<void>;
  /** Loads the chats the queue's filter lists (active, completed, all). */
  loadQueue(): Promise<void>;
  quit(force: boolean): void;
}

/** The handlers of a flow, one per kind of picker or prompt it opens. */
export type PurposeHandlers<K extends Purpose['kind']> = {
  readonly [P in K]: (ctx: TuiContext, purpose: Extract<Purpose, { kind: P }>, value: string) => Promise<void> | void;
};

/** The text of an error for the status line: its message and hint. */
export function errorText(err: unknown): string {
  const e = err as { message?: string; hint?: string };
  return e.message ? (e.hint ? `${e.message} (${e.hint})` : e.message) : String(err);
}
