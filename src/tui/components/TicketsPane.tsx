/**
 * Tickets: a windowed list with the assignee and status filters and an SLA (or age) column, and a
 * ticket's detail with its conversation, public replies and internal notes drawn differently.
 */
import { Box } from 'ink';
import type { Comment, Ticket } from '../../core/schemas.js';
import type { TicketDetail } from '../../core/ticket-detail.js';
import { label } from '../../core/tickets.js';
import { firstKey } from '../keys.js';
import { ticketIndex } from '../select.js';
import type { State, StatusFilter } from '../state.js';
import { useStore } from '../store.js';
import { age, clock, fit, hhmm, safeBlock, safeLine, wrap, type Masker } from '../text.js';
import type { Token } from '../theme.js';
import { Line, useMask, type LineSpec, type Segment } from './Line.js';
import { useWindow } from './window.js';

const PRIORITY: Record<string, { text: string; token: Token }> = {
  low: { text: 'Low', token: 'muted' },
  medium: { text: 'Med', token: 'plain' },
  high: { text: 'High', token: 'warn' },
  critical: { text: 'Crit', token: 'danger' },
};

const STATUS_LABEL: Record<StatusFilter, string> = {
  active: 'open+pending',
  open: 'open',
  pending: 'pending',
  resolved: 'resolved',
  closed: 'closed',
  all: 'any status',
};

/** The SLA cell (time left or over) or, without SLA, the ticket's age. */
export function slaCell(t: Ticket, now: number): Segment {
  const sla = t.sla;
  if (sla && sla.leftMs !== null) {
    if (sla.clock === 'paused') return { text: 'paused', token: 'muted' };
    if (sla.breached || sla.leftMs < 0) return { text: `over ${age(-sla.leftMs)}`, token: 'danger' };
    return { text: `left ${age(sla.leftMs)}`, token: sla.leftMs < 3_600_000 ? 'warn' : 'ok' };
  }
  if (sla?.breached) return { text: 'breached', token: 'danger' };
  return { text: `age ${age(now - Date.parse(t.createdAt))}`, token: 'muted' };
}

function rowSegments(t: Ticket, width: number, now: number, mask: Masker): Segment[] {
  const requesterW = width >= 100 ? 20 : 14;
  const titleW = Math.max(8, width - (2 + 7 + 5 + 10 + 10 + requesterW + 1));
  const p = PRIORITY[t.priority] ?? { text: t.priority, token: 'plain' as Token };
  const sla = slaCell(t, now);
  return [
    { text: fit(`#${t.id}`, 7), token: 'muted' },
    { text: fit(p.text, 5), token: p.token },
    { text: fit(t.customStatus?.name ?? label(t.status), 10) },
    { text: fit(sla.text, 10), ...(sla.token ? { token: sla.token } : {}) },
    { text: fit(safeLine(t.title, mask), titleW) + ' ' },
    { text: fit(safeLine(t.requester?.name ?? '-', mask), requesterW), token: 'customer' },
  ];
}

function TicketList({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const mask = useMask();
  const list = useStore((s) => s.tickets);
  const selected = useStore(ticketIndex);
  // Ages need minutes, not seconds: re-render once a minute for them.
  const minute = useStore((s) => Math.floor((s.now + s.skew) / 60_000));
  const now = minute * 60_000;
  const listH = Math.max(1, height - 2);
  const start = useWindow(selected, listH, list.items.length);
  const titleToken: Token = focused ? 'focus' : 'title';
  const count = `${list.items.length}${list.nextCursor ? '+' : ''}`;
  const title: Segment[] = [
    { text: 'Tickets', token: titleToken },
    { text: `  ${list.assignee} · ${STATUS_LABEL[list.status]} · ${list.loading ? 'loading…' : count}` },
    {
      text: `   ${firstKey('filterAssignee')} mine/unassigned/all · ${firstKey('filterStatus')} status · ${firstKey('openTicket')} open`,
      token: 'muted',
    },
  ];
  const header = `  ${'ID'.padEnd(7)}${'Pri'.padEnd(5)}${'Status'.padEnd(10)}${'SLA/Age'.padEnd(10)}Title`;
  const rows = [];
  for (let i = 0; i < listH; i++) {
    const t = list.items[start + i];
    if (!t) {
      const empty = i === 0 && list.items.length === 0 && !list.loading;
      rows.push(
        <Line
          key={`e${i}`}
          segments={empty ? [{ text: '  No tickets match this filter.', token: 'muted' }] : []}
          width={width}
        />,
      );
      continue;
    }
    const isSel = start + i === selected;
    rows.push(
      <Line
        key={t.id}
        segments={[
          {
            text: isSel ? '▸ ' : t.sla?.breached ? '! ' : '  ',
            ...(t.sla?.breached && !isSel ? { token: 'danger' as Token } : {}),
          },
          ...rowSegments(t, width, now, mask),
        ]}
        width={width}
        {...(isSel ? { token: focused ? ('selected' as Token) : ('selectedDim' as Token) } : {})}
      />,
    );
  }
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Line segments={title} width={width} />
      <Line segments={[{ text: header, token: 'muted' }]} width={width} />
      {rows}
    </Box>
  );
}

interface CommentCache {
  readonly width: number;
  readonly lines: readonly LineSpec[];
}
const commentCache = new WeakMap<Comment, CommentCache>();

/** A comment's lines: a header naming it a public reply or an internal note, then its text. */
export function commentLines(c: Comment, width: number, mask: Masker): readonly LineSpec[] {
  const hit = commentCache.get(c);
  if (hit && hit.width === width) return hit.lines;
  const note = c.kind === 'note';
  const who = safeLine(c.author.name, mask) || c.author.kind;
  const head = note
    ? `── ${hhmm(c.createdAt)} ${who} · INTERNAL NOTE (technicians only) `
    : `── ${hhmm(c.createdAt)} ${who} · public reply `;
  const authorToken: Token = note ? 'internal' : c.author.kind === 'contact' ? 'customer' : 'technician';
  const lines: LineSpec[] = [[{ text: head + '─'.repeat(Math.max(0, width - head.length)), token: authorToken }]];
  const bar = note ? '┃ ' : '  ';
  for (const l of wrap(safeBlock(c.body, mask), Math.max(1, width - 2))) {
    lines.push(
      note
        ? [
            { text: bar, token: 'internal' },
            { text: l, token: 'internal' },
          ]
        : [{ text: bar + l }],
    );
  }
  commentCache.set(c, { width, lines });
  return lines;
}

function TicketDetailView({
  detail,
  id,
  width,
  height,
  scroll,
  timer,
  focused,
}: {
  detail: TicketDetail | null;
  id: number;
  width: number;
  height: number;
  scroll: number;
  timer: State['timer'];
  focused: boolean;
}) {
  const mask = useMask();
  const timerNow = useStore((s) => (s.timer?.state === 'running' && s.timer.ticket.id === id ? s.now : 0));
  const timerAt = useStore((s) => s.timerAt);
  const minute = useStore((s) => Math.floor((s.now + s.skew) / 60_000));
  const titleToken: Token = focused ? 'focus' : 'title';
  if (!detail) {
    const rest = [];
    for (let i = 0; i < height - 1; i++)
      rest.push(<Line key={i} segments={i === 0 ? [{ text: 'Loading…', token: 'muted' }] : []} width={width} />);
    return (
      <Box flexDirection="column" height={height}>
        <Line segments={[{ text: `#${id}`, token: titleToken }]} width={width} />
        {rest}
      </Box>
    );
  }
  const p = PRIORITY[detail.priority] ?? { text: detail.priority, token: 'plain' as Token };
  const requester = detail.requester
    ? `${safeLine(detail.requester.name, mask)} <${safeLine(detail.requester.email, mask)}>${detail.requester.phone ? ` ${safeLine(detail.requester.phone, mask)}` : ''}`
    : 'no requester';
  const props: Segment[] = [
    { text: detail.customStatus?.name ?? label(detail.status), token: 'accent' },
    { text: ' · ' },
    { text: label(detail.priority), token: p.token },
    {
      text: ` · ${label(detail.type)} · ${detail.assignee ? `assigned to ${safeLine(detail.assignee.name, mask)}` : 'unassigned'}`,
    },
    { text: ` · ${safeLine(detail.company.name, mask)}`, token: 'muted' },
  ];
  const who: Segment[] = [
    { text: 'Requester ', token: 'muted' },
    { text: requester, token: 'customer' },
  ];
  const sla = slaCell(detail, minute * 60_000);
  const running = timer && timer.ticket.id === id;
  const elapsed = running ? timer.elapsedMs + (timer.state === 'running' ? Math.max(0, timerNow - timerAt) : 0) : 0;
  const third: Segment[] = [
    {
      text: sla.text.startsWith('age') ? `${sla.text}` : `SLA ${sla.text}`,
      ...(sla.token ? { token: sla.token } : {}),
    },
    { text: ' · ' },
    running
      ? { text: `timer ${timer.state} ${clock(elapsed)} (${firstKey('timer')} stops)`, token: 'ok' }
      : { text: `${firstKey('timer')} starts the timer`, token: 'muted' },
    { text: ` · ${detail.comments.length} comments`, token: 'muted' },
  ];
  const keys: Segment[] = [
    {
      text: `${firstKey('reply')} reply · ${firstKey('note')} note · ${firstKey('status')} status · ${firstKey('priority')} priority · ${firstKey('assignee')} assignee · ${firstKey('back')} back`,
      token: 'muted',
    },
  ];
  const convH = Math.max(1, height - 6);
  const all: LineSpec[] = [];
  for (const c of detail.comments) all.push(...commentLines(c, width, mask));
  const maxScroll = Math.max(0, all.length - convH);
  const s = Math.min(scroll, maxScroll);
  const end = all.length - s;
  const shown = all.slice(Math.max(0, end - convH), end);
  const conv = [];
  for (let i = 0; i < convH; i++) {
    const l = shown[i];
    conv.push(
      <Line
        key={i}
        segments={l ?? (i === 0 && all.length === 0 ? [{ text: 'No comments yet.', token: 'muted' }] : [])}
        width={width}
      />,
    );
  }
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Line
        segments={[
          { text: `#${detail.id} `, token: titleToken },
          { text: safeLine(detail.title, mask), token: 'title' },
        ]}
        width={width}
      />
      <Line segments={props} width={width} />
      <Line segments={who} width={width} />
      <Line segments={third} width={width} />
      <Line segments={keys} width={width} />
      <Line segments={[{ text: '─'.repeat(width), token: 'muted' }]} width={width} />
      {conv}
    </Box>
  );
}

export function TicketsPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const view = useStore((s) => s.ticketView);
  const timer = useStore((s) => s.timer);
  if (view) {
    return (
      <TicketDetailView
        detail={view.detail}
        id={view.id}
        width={width}
        height={height}
        scroll={view.scroll}
        timer={timer}
        focused={focused}
      />
    );
  }
  return <TicketList width={width} height={height} focused={focused} />;
}
