/**
 * Where a keypress goes: to what is open over the panes (help, a picker, a prompt, the quit
 * question), to the composer as text, or to the command its key runs in the scopes active now.
 */
import type { Key } from 'ink';
import { editOf, runCommand } from './commands.js';
import type { TuiContext } from './context.js';
import { closeModal } from './flows/modal.js';
import { isText, keyName, lookup, type Scope } from './keys.js';
import { pickerOptions } from './select.js';
import type { Modal, State } from './state.js';

/** Handles one keypress (or a paste). */
export function routeKey(ctx: TuiContext, input: string, key: Key): void {
  const s = ctx.state();
  const name = keyName(input, key);
  const m = s.modal;
  if (s.flash && s.flash.tone !== 'error') ctx.dispatch({ type: 'flash.clear' });
  switch (m.kind) {
    case 'help':
      return helpKey(ctx, name);
    case 'confirm-quit': {
      const c = name === undefined ? undefined : lookup(['confirm'], name);
      if (c === 'yes') return ctx.quit(true);
      if (c === 'no' || name === 'escape') return closeModal(ctx);
      return;
    }
    case 'picker':
      return pickerKey(ctx, m, input, key, name);
    case 'prompt':
      return promptKey(ctx, m, input, key, name);
    case 'none':
      break;
  }
  if (s.pane === 'chat' && s.composerFocused && s.activeTab !== null) {
    if (isText(input, key)) return ctx.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: input } });
    const c = name === undefined ? undefined : lookup(['composer', 'edit', 'global'], name);
    if (c) runCommand(ctx, c);
    return;
  }
  if (name === undefined) return;
  const c = lookup(scopes(s), name);
  if (c) runCommand(ctx, c);
}

function scopes(s: State): Scope[] {
  switch (s.pane) {
    case 'queue':
      return ['queue', 'list', 'global'];
    case 'chat':
      return ['chat', 'global'];
    case 'tickets':
      return s.ticketView ? ['ticket', 'global'] : ['tickets', 'list', 'global'];
    case 'dashboard':
      return ['global'];
  }
}

function helpKey(ctx: TuiContext, name: string | undefined): void {
  if (name === undefined) return;
  const c = lookup(['list', 'global'], name);
  if (c === 'help' || c === 'back' || c === 'quit') return closeModal(ctx);
  if (c === 'down') ctx.dispatch({ type: 'help.scroll', delta: 1 });
  if (c === 'up') ctx.dispatch({ type: 'help.scroll', delta: -1 });
  if (c === 'pageDown') ctx.dispatch({ type: 'help.scroll', delta: ctx.pageSize() });
  if (c === 'pageUp') ctx.dispatch({ type: 'help.scroll', delta: -ctx.pageSize() });
}

function pickerKey(
  ctx: TuiContext,
  m: Extract<Modal, { kind: 'picker' }>,
  input: string,
  key: Key,
  name: string | undefined,
): void {
  // A picker that filters takes letters (and j, k, g, G) as what to look for.
  if (m.filter !== undefined) {
    if (isText(input, key)) return ctx.dispatch({ type: 'picker.filter', text: input });
    if (name === 'backspace' || name === 'delete') return ctx.dispatch({ type: 'picker.filter', backspace: true });
  }
  if (name === undefined) return;
  const c = lookup(['picker', 'list', 'global'], name);
  switch (c) {
    case 'up':
      return ctx.dispatch({ type: 'picker.move', move: { delta: -1 } });
    case 'down':
      return ctx.dispatch({ type: 'picker.move', move: { delta: 1 } });
    case 'pageUp':
      return ctx.dispatch({ type: 'picker.move', move: { delta: -ctx.pageSize() } });
    case 'pageDown':
      return ctx.dispatch({ type: 'picker.move', move: { delta: ctx.pageSize() } });
    case 'top':
      return ctx.dispatch({ type: 'picker.move', move: { to: 'top' } });
    case 'bottom':
      return ctx.dispatch({ type: 'picker.move', move: { to: 'bottom' } });
    case 'choose': {
      const option = pickerOptions(m)[m.selected];
      if (!option) return;
      if (option.disabled !== undefined) return ctx.flash(option.disabled, 'error');
      closeModal(ctx);
      void ctx.choose(m.purpose, option.value);
      return;
    }
    case 'back':
      return closeModal(ctx);
    case 'quit':
      if (name === 'ctrl+c') return ctx.quit(false);
      return;
    default:
      return;
  }
}

function promptKey(
  ctx: TuiContext,
  m: Extract<Modal, { kind: 'prompt' }>,
  input: string,
  key: Key,
  name: string | undefined,
): void {
  if (isText(input, key)) return ctx.dispatch({ type: 'prompt.edit', edit: { op: 'insert', text: input } });
  if (name === undefined) return;
  const c = lookup(['prompt', 'edit', 'global'], name);
  const edit = editOf(c);
  if (edit) return ctx.dispatch({ type: 'prompt.edit', edit });
  if (c === 'promptNewline' && m.multiline) {
    return ctx.dispatch({ type: 'prompt.edit', edit: { op: 'insert', text: '\n' } });
  }
  if (c === 'submit') {
    const text = m.editor.text;
    closeModal(ctx);
    void ctx.choose(m.purpose, text);
    return;
  }
  if (c === 'back') return closeModal(ctx);
  if (c === 'quit' && name === 'ctrl+c') return ctx.quit(false);
}
