/**
 * Opening and closing what the flows ask with: pickers (a list to choose from) and prompts (a line
 * or a few lines of text), and the chat or ticket a flow works on.
 */
import type { Chat } from '../../core/chat.js';
import type { TuiContext } from '../context.js';
import { EMPTY } from '../editor.js';
import type { Option, Purpose } from '../state.js';

export const NO_WRAPUPS = 'No wrap-up reasons yet: an admin adds them with `desk admin wrapup add REASON`.';

export function openPicker(
  ctx: TuiContext,
  title: string,
  options: readonly Option[],
  purpose: Purpose,
  selected = 0,
  /** Given (even empty), the picker filters its options as you type. */
  filter?: string,
): void {
  if (options.length === 0) return ctx.flash('Nothing to choose from.', 'error');
  ctx.dispatch({
    type: 'modal',
    modal: { kind: 'picker', title, options, selected, purpose, ...(filter !== undefined ? { filter } : {}) },
  });
}

export interface PromptSpec {
  readonly title: string;
  readonly hint: string;
  /** Most characters. */
  readonly max: number;
  readonly multiline: boolean;
}

export function openPrompt(ctx: TuiContext, spec: PromptSpec, purpose: Purpose): void {
  ctx.dispatch({ type: 'modal', modal: { kind: 'prompt', ...spec, editor: EMPTY, refused: null, purpose } });
}

export function closeModal(ctx: TuiContext): void {
  ctx.dispatch({ type: 'modal', modal: { kind: 'none' } });
}

/** Runs `fn` on the active chat, or says there is none. */
export function withChat(ctx: TuiContext, fn: (chat: Chat) => void): void {
  const s = ctx.state();
  const chat = s.activeTab === null ? undefined : s.chats.get(s.activeTab);
  if (!chat) return ctx.flash('No chat open: accept one in the queue (1).');
  fn(chat);
}

/** Runs `fn` on the open ticket, if one is open. */
export function withTicket(ctx: TuiContext, fn: (id: number) => void): void {
  const v = ctx.state().ticketView;
  if (v) fn(v.id);
}

/** The wrap-up reasons as picker options. */
export function wrapupOptions(ctx: TuiContext): Option[] {
  return ctx.state().directory.wrapups.map((w) => ({ label: w.name, value: w.name }));
}
