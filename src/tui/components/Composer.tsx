/**
 * The chat composer: the draft with its cursor, a count against the 1000-character limit, and why
 * the last keystroke was refused (a `<` or `>`, or the limit), or the keys that act on the chat.
 */
import { Box } from 'ink';
import { COMPOSER_MAX } from '../../core/composer.js';
import type { Editor } from '../editor.js';
import { length } from '../editor.js';
import { firstKey, keyLabel } from '../keys.js';
import { wrap } from '../text.js';
import type { Token } from '../theme.js';
import { Line, type Segment } from './Line.js';

const CURSOR = '\ue000';

/** The draft's lines at a width with the cursor marked, and the line the cursor is on. */
export function composerLines(ed: Editor, width: number, withCursor: boolean): { lines: string[]; cursorLine: number } {
  const text = withCursor ? ed.text.slice(0, ed.cursor) + CURSOR + ed.text.slice(ed.cursor) : ed.text;
  const lines = wrap(text, Math.max(1, width));
  const cursorLine = withCursor
    ? Math.max(
        0,
        lines.findIndex((l) => l.includes(CURSOR)),
      )
    : lines.length - 1;
  return { lines, cursorLine };
}

function renderLine(line: string): Segment[] {
  const at = line.indexOf(CURSOR);
  if (at < 0) return [{ text: line }];
  const after = line.slice(at + 1);
  // The cursor sits on the next character (a space at the end of the text).
  const [under = ' ', ...rest] = Array.from(after);
  return [
    { text: line.slice(0, at) },
    { text: under === '\n' ? ' ' : under, token: 'selected' },
    { text: rest.join('') },
  ];
}

export function Composer({
  draft,
  width,
  height,
  focused,
  refused,
  sending,
  disabled,
}: {
  draft: Editor;
  width: number;
  /** Lines in all: a rule with the count, the text, and a line for the reason or hints. */
  height: number;
  focused: boolean;
  refused: string | null;
  sending: boolean;
  /** Why nothing can be written (the chat ended), if so. */
  disabled: string | null;
}) {
  const count = length(draft);
  const textH = Math.max(1, height - 2);
  const counter = `${count}/${COMPOSER_MAX}`;
  const counterToken: Token = count >= COMPOSER_MAX ? 'counterFull' : 'counter';
  const label = focused || disabled ? '─ Message ' : `─ Message (press ${firstKey('compose')} to write) `;
  const rule: Segment[] = [
    { text: label, token: focused ? 'focus' : 'muted' },
    { text: '─'.repeat(Math.max(0, width - label.length - counter.length - 2)) + ' ', token: 'muted' },
    { text: counter, token: counterToken },
  ];
  const { lines, cursorLine } = composerLines(draft, width, focused);
  const start = Math.max(0, Math.min(cursorLine - textH + 1, lines.length - textH));
  const shown = lines.slice(start, start + textH);
  const text: Segment[][] = [];
  for (let i = 0; i < textH; i++) {
    const l = shown[i];
    if (l === undefined) text.push([]);
    else text.push(renderLine(l));
  }
  if (draft.text.length === 0 && !focused) {
    text[0] = [{ text: disabled ?? 'Nothing written yet.', token: 'muted' }];
  }
  const status: Segment[] = refused
    ? [{ text: refused, token: 'error' }]
    : disabled && draft.text.length > 0
      ? [{ text: disabled, token: 'warn' }]
      : sending
        ? [{ text: 'Sending…', token: 'muted' }]
        : focused
          ? [
              {
                text: `${keyLabel('send')} send · ${keyLabel('newline')} new line · ${firstKey('back')} leave · ${keyLabel('composerTransfer')} transfer · ${keyLabel('composerEnd')} end`,
                token: 'muted',
              },
            ]
          : [
              {
                text: `${firstKey('compose')} write · ${firstKey('transfer')} transfer · ${firstKey('conference')} conference · ${firstKey('endChat')} end · ${firstKey('makeTicket')} ticket · ${firstKey('attach')} file · ${firstKey('help')} keys`,
                token: 'muted',
              },
            ];
  return (
    <Box flexDirection="column" height={height}>
      <Line segments={rule} width={width} />
      {text.map((segs, i) => (
        <Line key={i} segments={segs} width={width} />
      ))}
      <Line segments={status} width={width} />
    </Box>
  );
}
