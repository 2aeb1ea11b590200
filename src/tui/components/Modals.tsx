/**
 * What opens over the panes: the help (every key, from the key table), pickers (wrap-up reason,
 * transfer target, status…) and prompts (reply, note, transfer note, file path).
 */
import { Box } from 'ink';
import { createContext, useContext } from 'react';
import { BINDINGS, HELP_SECTIONS, keyLabel, type Command } from '../keys.js';
import { pickerOptions } from '../select.js';
import type { Modal } from '../state.js';
import { fit, safeLine, wrap } from '../text.js';
import { composerLines } from './Composer.js';
import { Line, useMask, type LineSpec, type Segment } from './Line.js';
import { useWindow } from './window.js';

/** Lines shown first in the help, before the keys (`desk demo` puts its hints there). */
export const HelpNotesContext = createContext<readonly string[]>([]);

/** The help's lines: every binding, grouped by where it works. */
export function helpLines(width: number): LineSpec[] {
  const lines: LineSpec[] = [];
  const keyW = 22;
  for (const section of HELP_SECTIONS) {
    const entries = (Object.keys(BINDINGS) as Command[]).filter((c) => BINDINGS[c].scope === section.scope);
    if (entries.length === 0) continue;
    if (lines.length) lines.push([]);
    lines.push([{ text: section.title, token: 'title' }]);
    for (const c of entries) {
      const help = wrap(BINDINGS[c].help, Math.max(10, width - keyW - 2));
      help.forEach((h, i) => {
        lines.push([{ text: '  ' + fit(i === 0 ? keyLabel(c) : '', keyW), token: 'key' }, { text: h }]);
      });
    }
  }
  return lines;
}

function Frame({
  title,
  width,
  height,
  body,
  footer,
}: {
  title: string;
  width: number;
  height: number;
  body: LineSpec[];
  footer: LineSpec;
}) {
  const rows = [];
  const bodyH = Math.max(0, height - 2);
  for (let i = 0; i < bodyH; i++) rows.push(<Line key={i} segments={body[i] ?? []} width={width} />);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Line
        segments={[
          { text: `${title} `, token: 'focus' },
          { text: '─'.repeat(Math.max(0, width - title.length - 1)), token: 'muted' },
        ]}
        width={width}
      />
      {rows}
      <Line segments={footer} width={width} />
    </Box>
  );
}

export function HelpView({ width, height, scroll }: { width: number; height: number; scroll: number }) {
  const notes = useContext(HelpNotesContext);
  const noteLines: LineSpec[] = notes.flatMap((note) => wrap(note, Math.max(10, width - 2)).map((text) => [{ text }]));
  const all = [...noteLines, ...(noteLines.length > 0 ? [[]] : []), ...helpLines(width)];
  const bodyH = Math.max(1, height - 2);
  const s = Math.min(scroll, Math.max(0, all.length - bodyH));
  return (
    <Frame
      title="Keys"
      width={width}
      height={height}
      body={all.slice(s, s + bodyH)}
      footer={[
        {
          text: `↑/↓ PgUp/PgDn scroll · ? or Esc close   (${s + 1}–${Math.min(all.length, s + bodyH)} of ${all.length})`,
          token: 'muted',
        },
      ]}
    />
  );
}

export function PickerView({
  modal,
  width,
  height,
}: {
  modal: Extract<Modal, { kind: 'picker' }>;
  width: number;
  height: number;
}) {
  const mask = useMask();
  const filtering = modal.filter !== undefined;
  const options = pickerOptions(modal);
  const bodyH = Math.max(1, height - 2 - (filtering ? 1 : 0));
  const start = useWindow(modal.selected, bodyH, options.length);
  const body: LineSpec[] = options.slice(start, start + bodyH).map((o, i) => {
    const sel = start + i === modal.selected;
    const segs: Segment[] = [
      {
        text: `${sel ? '▸ ' : '  '}${safeLine(o.label, mask)}`,
        ...(sel ? { token: 'selected' as const } : o.disabled !== undefined ? { token: 'muted' as const } : {}),
      },
    ];
    if (o.hint) segs.push({ text: `  ${o.hint}`, token: o.disabled !== undefined ? 'warn' : 'muted' });
    if (o.disabled !== undefined) segs.push({ text: '  (cannot be chosen)', token: 'muted' });
    return segs;
  });
  if (filtering) {
    const typed = modal.filter ?? '';
    body.unshift([
      { text: 'Find: ', token: 'muted' },
      { text: safeLine(typed, mask) },
      { text: ' ', token: 'selected' },
      ...(options.length === 0 ? [{ text: '  nothing matches', token: 'muted' as const }] : []),
    ]);
  }
  const footer = `↑/↓ choose · ${keyLabel('choose')} confirm · ${filtering ? 'type to filter · ' : ''}Esc cancel`;
  return (
    <Frame title={modal.title} width={width} height={height} body={body} footer={[{ text: footer, token: 'muted' }]} />
  );
}

export function PromptView({
  modal,
  width,
  height,
}: {
  modal: Extract<Modal, { kind: 'prompt' }>;
  width: number;
  height: number;
}) {
  const bodyH = Math.max(2, height - 2);
  const textH = Math.max(1, bodyH - 2);
  const { lines, cursorLine } = composerLines(modal.editor, width, true);
  const start = Math.max(0, Math.min(cursorLine - textH + 1, lines.length - textH));
  const body: LineSpec[] = [[{ text: modal.hint, token: 'muted' }]];
  for (const l of lines.slice(start, start + textH)) {
    const at = l.indexOf('\ue000');
    if (at < 0) body.push([{ text: l }]);
    else {
      const [under = ' ', ...rest] = Array.from(l.slice(at + 1));
      body.push([{ text: l.slice(0, at) }, { text: under, token: 'selected' }, { text: rest.join('') }]);
    }
  }
  while (body.length < bodyH - 1) body.push([]);
  body.push(
    modal.refused
      ? [{ text: modal.refused, token: 'error' }]
      : [{ text: `${[...modal.editor.text].length}/${modal.max}`, token: 'counter' }],
  );
  const footer = modal.multiline
    ? `${keyLabel('submit')} send · ${keyLabel('promptNewline')} new line · Esc cancel`
    : `${keyLabel('submit')} confirm · Esc cancel`;
  return (
    <Frame title={modal.title} width={width} height={height} body={body} footer={[{ text: footer, token: 'muted' }]} />
  );
}
