/**
 * A small text editor for the composer and prompts: text, a cursor, and the rules of what may be
 * typed. The composer refuses `<` and `>` and anything past 1000 characters as they are typed,
 * saying why, instead of letting the technician find out on Enter. Pure.
 */
import { COMPOSER_MAX, checkComposer, composerLength } from '../core/composer.js';
import { sanitizeTerminal } from '../core/terminal.js';

export interface Editor {
  readonly text: string;
  /** Cursor position as a UTF-16 index, always on a grapheme boundary. */
  readonly cursor: number;
}

export interface EditRules {
  /** Most characters (graphemes). */
  readonly max: number;
  /** Refuse `<` and `>` (the chat composer). */
  readonly noAngles?: boolean;
  /** Whether the text may hold newlines. */
  readonly multiline: boolean;
}

export interface EditResult {
  readonly editor: Editor;
  /** Why some or all of the input was not taken, for the technician to read. */
  readonly refused?: string;
}

export const EMPTY: Editor = { text: '', cursor: 0 };

export const COMPOSER_RULES: EditRules = { max: COMPOSER_MAX, noAngles: true, multiline: true };

/** Made on first use: building a segmenter loads ICU's break data, which the TUI's start would wait for. */
let segmenter: Intl.Segmenter | undefined;

function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The reason the composer gives for `<` and `>`. */
export const ANGLES_REASON = (checkComposer('<') as { reason: string }).reason;

/** What typed or pasted input becomes before it is inserted: no escapes or controls, `\n` newlines. */
function normalise(input: string, multiline: boolean): string {
  const text = sanitizeTerminal(input.replace(/\r\n?/g, '\n')).replace(/\t/g, ' ');
  return multiline ? text : text.replace(/\n/g, ' ');
}

/** Inserts typed or pasted text at the cursor, keeping what the rules allow. */
export function insert(ed: Editor, input: string, rules: EditRules): EditResult {
  let text = normalise(input, rules.multiline);
  let refused: string | undefined;
  if (rules.noAngles && /[<>]/.test(text)) {
    text = text.replace(/[<>]/g, '');
    refused = ANGLES_REASON;
  }
  if (text.length === 0) return refused ? { editor: ed, refused } : { editor: ed };
  const room = rules.max - composerLength(ed.text);
  const parts = graphemes(text);
  if (parts.length > room) {
    text = parts.slice(0, Math.max(0, room)).join('');
    refused =
      room <= 0
        ? `The limit is ${rules.max} characters: nothing more can be added.`
        : `The limit is ${rules.max} characters: only ${room} of ${parts.length} were added.`;
  }
  if (text.length === 0) return { editor: ed, ...(refused ? { refused } : {}) };
  const editor = {
    text: ed.text.slice(0, ed.cursor) + text + ed.text.slice(ed.cursor),
    cursor: ed.cursor + text.length,
  };
  return refused ? { editor, refused } : { editor };
}

/** Deletes the grapheme before the cursor. */
export function backspace(ed: Editor): Editor {
  if (ed.cursor === 0) return ed;
  const before = graphemes(ed.text.slice(0, ed.cursor));
  const last = before.pop() ?? '';
  return {
    text: ed.text.slice(0, ed.cursor - last.length) + ed.text.slice(ed.cursor),
    cursor: ed.cursor - last.length,
  };
}

export function left(ed: Editor): Editor {
  if (ed.cursor === 0) return ed;
  const before = graphemes(ed.text.slice(0, ed.cursor));
  return { ...ed, cursor: ed.cursor - (before.pop() ?? '').length };
}

export function right(ed: Editor): Editor {
  if (ed.cursor >= ed.text.length) return ed;
  const [next] = graphemes(ed.text.slice(ed.cursor, ed.cursor + 16));
  return { ...ed, cursor: ed.cursor + (next ?? '').length };
}

/** Start of the cursor's line. */
export function home(ed: Editor): Editor {
  return { ...ed, cursor: ed.text.lastIndexOf('\n', ed.cursor - 1) + 1 };
}

/** End of the cursor's line. */
export function end(ed: Editor): Editor {
  const nl = ed.text.indexOf('\n', ed.cursor);
  return { ...ed, cursor: nl === -1 ? ed.text.length : nl };
}

/** Characters typed so far, as the composer counts them. */
export function length(ed: Editor): number {
  return composerLength(ed.text);
}

/** An edit a key makes: typed or pasted text, or a cursor move or deletion. */
export type EditOp =
  | { readonly op: 'insert'; readonly text: string }
  | { readonly op: 'backspace' | 'left' | 'right' | 'home' | 'end' | 'clear' };

/** Applies an edit under the given rules. */
export function applyEdit(ed: Editor, op: EditOp, rules: EditRules): EditResult {
  switch (op.op) {
    case 'insert':
      return insert(ed, op.text, rules);
    case 'backspace':
      return { editor: backspace(ed) };
    case 'left':
      return { editor: left(ed) };
    case 'right':
      return { editor: right(ed) };
    case 'home':
      return { editor: home(ed) };
    case 'end':
      return { editor: end(ed) };
    case 'clear':
      return { editor: EMPTY };
  }
}
