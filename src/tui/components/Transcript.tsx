/**
 * A chat's transcript, windowed: only the lines that fit are built and rendered, newest at the
 * bottom. Customer and technician messages are styled apart; internal lines and Deskline's own
 * (joined, transferred, ended) are marked; files show their name, size and download path.
 */
import { Box } from 'ink';
import type { ChatMessage } from '../../core/chat.js';
import { hhmm, safeBlock, safeLine, wrap, type Masker } from '../text.js';
import type { Token } from '../theme.js';
import { Line, type LineSpec } from './Line.js';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Cached {
  readonly width: number;
  readonly me: number | undefined;
  readonly lines: readonly LineSpec[];
}

const cache = new WeakMap<ChatMessage, Cached>();

/** A message's lines at a width (cached: a message never changes). */
export function messageLines(m: ChatMessage, width: number, me: number | undefined, mask: Masker): readonly LineSpec[] {
  const hit = cache.get(m);
  if (hit && hit.width === width && hit.me === me) return hit.lines;
  const time = hhmm(m.createdAt);
  let lines: LineSpec[];
  if (m.author.kind === 'system') {
    const text = `${time} · ${safeBlock(m.body, mask)}${m.internal ? ' (internal)' : ''}`;
    lines = wrap(text, width).map((l) => [{ text: l, token: (m.internal ? 'internal' : 'system') as Token }]);
  } else {
    const token: Token = m.author.kind === 'contact' ? 'customer' : m.author.id === me ? 'me' : 'technician';
    const name = safeLine(m.author.name, mask) || (m.author.kind === 'contact' ? 'Customer' : 'Technician');
    const prefix = `${time} ${m.internal ? '[internal] ' : ''}${name}: `;
    const body = m.file
      ? `[file] ${safeLine(m.file.name, mask)} (${size(m.file.size)}) /v1/chats/${m.chatId}/files/${m.file.id}`
      : safeBlock(m.body, mask);
    const wrapped = wrap(prefix + body, width);
    lines = wrapped.map((l, i): LineSpec => {
      if (i === 0 && l.startsWith(prefix)) {
        return [
          { text: prefix, token: m.internal ? 'internal' : token },
          { text: l.slice(prefix.length), ...(m.file ? { token: 'accent' as Token } : {}) },
        ];
      }
      if (i === 0) return [{ text: l, token }];
      return [
        { text: l, ...(m.file ? { token: 'accent' as Token } : m.internal ? { token: 'internal' as Token } : {}) },
      ];
    });
  }
  cache.set(m, { width, me, lines });
  return lines;
}

/** The lines of the window `height` lines tall, `scroll` lines up from the newest. */
export function transcriptWindow(
  messages: readonly ChatMessage[],
  width: number,
  height: number,
  scroll: number,
  me: number | undefined,
  mask: Masker,
): { lines: readonly LineSpec[]; scroll: number; more: boolean } {
  const need = height + scroll;
  const collected: LineSpec[][] = [];
  let count = 0;
  let i = messages.length - 1;
  for (; i >= 0 && count < need; i--) {
    const ls = messageLines(messages[i]!, width, me, mask);
    collected.push([...ls]);
    count += ls.length;
  }
  const all = collected.reverse().flat();
  // Scrolled past the oldest line: stop at the top.
  const maxScroll = Math.max(0, all.length - height);
  const s = i < 0 ? Math.min(scroll, maxScroll) : scroll;
  const end = all.length - s;
  return { lines: all.slice(Math.max(0, end - height), end), scroll: s, more: i >= 0 || end - height > 0 };
}

export function Transcript({
  messages,
  width,
  height,
  scroll,
  me,
  mask,
  loaded,
}: {
  messages: readonly ChatMessage[];
  width: number;
  height: number;
  scroll: number;
  me: number | undefined;
  mask: Masker;
  loaded: boolean;
}) {
  const win = transcriptWindow(messages, width, height, scroll, me, mask);
  const pad = height - win.lines.length;
  const rows = [];
  for (let i = 0; i < pad; i++) {
    rows.push(
      <Line
        key={`p${i}`}
        segments={
          i === pad - 1 && messages.length === 0
            ? [{ text: loaded ? 'No messages yet.' : 'Loading…', token: 'muted' }]
            : []
        }
        width={width}
      />,
    );
  }
  win.lines.forEach((l, i) => {
    const last = i === win.lines.length - 1 && win.scroll > 0;
    rows.push(
      <Line
        key={`l${i}`}
        segments={last ? [...l, { text: `  ↓ ${win.scroll} more`, token: 'warn' }] : l}
        width={width}
      />,
    );
  });
  return (
    <Box flexDirection="column" height={height}>
      {rows}
    </Box>
  );
}
