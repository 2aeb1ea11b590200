/** The composer's slice: focus, the draft of each chat as it is typed, and sends in flight. */
import { applyEdit, COMPOSER_RULES, EMPTY, type EditOp } from '../editor.js';
import { addTo, deleteIn, removeFrom, setIn, type Handlers } from './slice.js';

export type ComposerAction =
  | { readonly type: 'composer.focus'; readonly focused: boolean }
  | { readonly type: 'composer.edit'; readonly edit: EditOp }
  | { readonly type: 'composer.sending'; readonly chatId: number; readonly sending: boolean }
  | { readonly type: 'composer.sent'; readonly chatId: number; readonly text: string };

export const composer: Handlers<ComposerAction> = {
  'composer.focus': (state, action) => ({
    ...state,
    composerFocused: action.focused && state.activeTab !== null,
    composerRefused: null,
  }),
  'composer.edit': (state, action) => {
    const id = state.activeTab;
    if (id === null) return state;
    const res = applyEdit(state.drafts.get(id) ?? EMPTY, action.edit, COMPOSER_RULES);
    return { ...state, drafts: setIn(state.drafts, id, res.editor), composerRefused: res.refused ?? null };
  },
  'composer.sending': (state, action) => ({
    ...state,
    sending: action.sending ? addTo(state.sending, action.chatId) : removeFrom(state.sending, action.chatId),
  }),
  'composer.sent': (state, action) => {
    // Clear the draft only if it still holds what was sent (typing may have gone on meanwhile).
    const d = state.drafts.get(action.chatId);
    const drafts = d && d.text === action.text ? deleteIn(state.drafts, action.chatId) : state.drafts;
    return { ...state, drafts, scroll: deleteIn(state.scroll, action.chatId) };
  },
};
