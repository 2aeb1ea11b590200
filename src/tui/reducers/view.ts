/** The view slice: the focused pane, and what opens over it (help, pickers, prompts, questions). */
import { applyEdit, type EditOp } from '../editor.js';
import { PANES, type Modal, type Pane, type State } from '../state.js';
import { pickerOptions } from '../select.js';
import { moveIndex, removeFrom, type Handlers, type Move } from './slice.js';

export type ViewAction =
  | { readonly type: 'focus'; readonly pane: Pane }
  | { readonly type: 'cyclePane'; readonly delta: number }
  | { readonly type: 'modal'; readonly modal: Modal }
  | { readonly type: 'picker.move'; readonly move: Move }
  /** Types into (or, with `backspace`, deletes from) the filter of a picker that filters as you type. */
  | { readonly type: 'picker.filter'; readonly text?: string; readonly backspace?: boolean }
  | { readonly type: 'prompt.edit'; readonly edit: EditOp }
  | { readonly type: 'help.scroll'; readonly delta: number };

function cyclePane(state: State, delta: number): Pane {
  const i = PANES.indexOf(state.pane);
  return PANES[(i + delta + PANES.length) % PANES.length]!;
}

function focusPane(state: State, pane: Pane): State {
  const unread = pane === 'chat' && state.activeTab !== null ? removeFrom(state.unread, state.activeTab) : state.unread;
  return { ...state, pane, unread, composerFocused: pane === 'chat' ? state.composerFocused : false };
}

export const view: Handlers<ViewAction> = {
  focus: (state, action) => focusPane(state, action.pane),
  cyclePane: (state, action) => focusPane(state, cyclePane(state, action.delta)),
  modal: (state, action) => ({ ...state, modal: action.modal }),
  'picker.move': (state, action) => {
    const m = state.modal;
    if (m.kind !== 'picker') return state;
    return { ...state, modal: { ...m, selected: moveIndex(m.selected, pickerOptions(m).length, action.move) } };
  },
  'picker.filter': (state, action) => {
    const m = state.modal;
    if (m.kind !== 'picker' || m.filter === undefined) return state;
    const chars = [...m.filter];
    const filter = action.backspace ? chars.slice(0, -1).join('') : m.filter + (action.text ?? '').replace(/\s+/g, ' ');
    if (filter === m.filter) return state;
    // The first option that can be chosen is selected.
    const next = { ...m, filter, selected: 0 };
    const first = pickerOptions(next).findIndex((o) => o.disabled === undefined);
    return { ...state, modal: { ...next, selected: Math.max(0, first) } };
  },
  'prompt.edit': (state, action) => {
    const m = state.modal;
    if (m.kind !== 'prompt') return state;
    const res = applyEdit(m.editor, action.edit, { max: m.max, multiline: m.multiline });
    return { ...state, modal: { ...m, editor: res.editor, refused: res.refused ?? null } };
  },
  'help.scroll': (state, action) => {
    const m = state.modal;
    if (m.kind !== 'help') return state;
    return { ...state, modal: { ...m, scroll: Math.max(0, m.scroll + action.delta) } };
  },
};
