/**
 * The Dashboard pane (tab 4), for leads: customers waiting and the longest wait, today's counters,
 * technicians by availability with their chats and capacity, chats per queue, and tickets whose SLA
 * breaks within the hour. Live from the event stream; times tick with the clock. When the lists do
 * not all fit, each keeps a share of the rows and says how many more there are.
 */
import { Box } from 'ink';
import type { PresenceState } from '../../core/chat.js';
import { dashboardView, type DashboardView, type TechnicianRow } from '../dashboard-view.js';
import { serverNow } from '../select.js';
import { useStore } from '../store.js';
import { clock, fit, fitRight, safeLine, type Masker } from '../text.js';
import type { Token } from '../theme.js';
import { Line, useMask, type Segment } from './Line.js';

const STATE_TEXT: Record<PresenceState, { text: string; token: Token }> = {
  rona: { text: 'RONA', token: 'rona' },
  available: { text: '● Available', token: 'available' },
  away: { text: '◐ Away', token: 'away' },
  offline: { text: '○ Offline', token: 'offline' },
};

const STATE_W = 12;
const CHATS_W = 12;

function summary(v: DashboardView): Segment[] {
  return [
    { text: `  ${v.waiting} waiting`, token: v.waiting > 0 ? 'warn' : 'muted' },
    { text: v.longestWaitMs === null ? '' : ` · longest ${clock(v.longestWaitMs)}`, token: 'warn' },
    { text: ` · ${v.active} in progress`, token: 'muted' },
  ];
}

function todayLine(v: DashboardView): Segment[] {
  const t = v.today;
  const rating = t.averageRating === null ? 'no ratings' : `rating ${t.averageRating.toFixed(1)} (${t.ratings})`;
  return [
    { text: 'Today  ', token: 'title' },
    { text: `created ${t.created} · resolved ${t.resolved} · chats ${t.chats} · ` },
    { text: `RONA ${t.rona}`, token: t.rona > 0 ? 'warn' : 'plain' },
    { text: ` · ${rating}` },
  ];
}

function technicianLine(t: TechnicianRow, width: number, mask: Masker): Segment[] {
  const nameW = Math.max(8, width - 2 - STATE_W - 1 - CHATS_W);
  const s = STATE_TEXT[t.state];
  const n = t.activeChats;
  const chats = t.maxChats === null ? `${n} chat${n === 1 ? '' : 's'}` : `${n}/${t.maxChats} chats`;
  return [
    { text: '  ' + fit(safeLine(t.name, mask), nameW) + ' ' },
    { text: s.text, token: s.token },
    { text: ' '.repeat(Math.max(0, STATE_W - s.text.length)) },
    { text: fitRight(chats, CHATS_W), token: t.maxChats !== null && t.activeChats >= t.maxChats ? 'warn' : 'plain' },
  ];
}

/** Rows for the three lists within `avail` lines: SLA and queues keep a share, technicians the rest. */
function shares(avail: number, tech: number, queues: number, sla: number): [number, number, number] {
  const [t, q, s] = [Math.max(1, tech), Math.max(1, queues), Math.max(1, sla)];
  if (t + q + s <= avail) return [t, q, s];
  let sRows = Math.min(s, Math.max(1, Math.floor(avail / 3)));
  let qRows = Math.min(q, Math.max(1, Math.floor(avail / 4)));
  const tRows = Math.max(1, Math.min(t, avail - sRows - qRows));
  sRows = Math.max(1, Math.min(s, avail - tRows - qRows));
  qRows = Math.max(1, Math.min(q, avail - tRows - sRows));
  return [tRows, qRows, sRows];
}

/** A list cut to `rows` lines, the last saying how many did not fit. */
function cut(lines: Segment[][], rows: number, empty: string): Segment[][] {
  if (lines.length === 0) return [[{ text: `  ${empty}`, token: 'muted' }]];
  if (lines.length <= rows) return lines;
  return [...lines.slice(0, rows - 1), [{ text: `  … ${lines.length - rows + 1} more`, token: 'muted' }]];
}

export function DashboardPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const mask = useMask();
  const d = useStore((s) => s.dashboard);
  const now = useStore(serverNow);
  const queues = useStore((s) => s.directory.queues);
  const title: Segment = { text: 'Dashboard', token: focused ? 'focus' : 'title' };
  if (!d) {
    return (
      <Box flexDirection="column" height={height} width={width}>
        <Line segments={[title, { text: '  loading…', token: 'muted' }]} width={width} />
      </Box>
    );
  }
  const v = dashboardView(d, now, queues);
  const [tRows, qRows, sRows] = shares(
    Math.max(3, height - 8),
    v.technicians.length,
    v.queues.length,
    v.slaSoon.length,
  );
  const st = v.states;
  const techs = cut(
    v.technicians.map((t) => technicianLine(t, width, mask)),
    tRows,
    'No technicians.',
  );
  const countW = 12;
  const queueNameW = Math.max(8, width - 2 - 2 * countW);
  const queueRows = cut(
    v.queues.map((q) => [
      { text: '  ' + fit(safeLine(q.name, mask), queueNameW) },
      { text: fitRight(String(q.waiting), countW), token: q.waiting > 0 ? ('warn' as Token) : ('plain' as Token) },
      { text: fitRight(String(q.active), countW) },
    ]),
    qRows,
    'No queues.',
  );
  const dueW = 22;
  const companyW = Math.min(20, Math.max(6, Math.floor((width - dueW) / 3)));
  const titleW = Math.max(8, width - 2 - companyW - 1 - dueW - 1);
  const slaRows = cut(
    v.slaSoon.map((x) => {
      const left = Date.parse(x.dueAt) - now;
      return [
        { text: '  ' + fit(safeLine(`#${x.ticket.id} ${x.ticket.title}`, mask), titleW) + ' ' },
        { text: fit(safeLine(x.company.name, mask), companyW) + ' ', token: 'muted' as Token },
        {
          text: fitRight(left > 0 ? `${x.target} in ${clock(left)}` : `${x.target} due now`, dueW),
          token: (left < 15 * 60_000 ? 'danger' : 'warn') as Token,
        },
      ];
    }),
    sRows,
    'Nothing due within the hour.',
  );
  const rows: Segment[][] = [
    [title, ...summary(v)],
    todayLine(v),
    [],
    [
      { text: 'Technicians', token: 'title' },
      {
        text: `  ${st.available} available · ${st.away} away · ${st.rona} RONA · ${st.offline} offline`,
        token: 'muted',
      },
    ],
    ...techs,
    [],
    [
      { text: fit('Queues', queueNameW + 2), token: 'title' },
      { text: fitRight('waiting', countW) + fitRight('in progress', countW), token: 'muted' },
    ],
    ...queueRows,
    [],
    [
      { text: 'SLA breaks within the hour', token: 'title' },
      { text: `  ${v.slaSoon.length}`, token: v.slaSoon.length > 0 ? 'danger' : 'muted' },
    ],
    ...slaRows,
  ];
  return (
    <Box flexDirection="column" height={height} width={width}>
      {rows.slice(0, height).map((segments, i) => (
        <Line key={i} segments={segments} width={width} />
      ))}
    </Box>
  );
}
