/**
 * The queue: offers, transfers and invitations waiting for my answer (newest first, each with its
 * countdown), then requests waiting in queues (oldest first, waiting time ticking). Only the rows
 * that fit are rendered.
 */
import { Box } from 'ink';
import { keyLabel } from '../keys.js';
import { queueIndex, queueRows, serverNow, type QueueRow } from '../select.js';
import { useStore } from '../store.js';
import { clock, fit, fitRight, hhmm, safeLine, type Masker } from '../text.js';
import type { Token } from '../theme.js';
import { Line, useMask, type Segment } from './Line.js';
import { useWindow } from './window.js';

const KIND_W = 12;
const QUEUE_W = 10;
const WAIT_W = 7;

function kindCell(row: QueueRow, now: number, pickQueues: ReadonlySet<number>): Segment {
  const inv = row.invitation;
  if (!inv) {
    const pick = row.chat.queue !== null && pickQueues.has(row.chat.queue.id);
    return { text: pick ? 'waiting/pick' : 'waiting', token: 'muted' };
  }
  const left = inv.expiresAt === null ? '' : ` ${clock(inv.expiresAt - now)}`;
  const name = inv.kind === 'offer' ? 'OFFER' : inv.kind === 'transfer' ? 'TRANSFER' : 'CONFER';
  const urgent = inv.expiresAt !== null && inv.expiresAt - now < 20_000;
  return { text: `${name}${left}`, token: urgent ? 'danger' : 'offer' };
}

function rowSegments(
  row: QueueRow,
  width: number,
  now: number,
  mask: Masker,
  pickQueues: ReadonlySet<number>,
): Segment[] {
  // A narrow pane (beside the chat) leaves the queue's name to the detail lines below.
  const queueW = width >= 70 ? QUEUE_W : 0;
  const flex = Math.max(10, width - (2 + KIND_W + 1 + 1 + queueW + (queueW ? 1 : 0) + WAIT_W));
  const customerW = Math.ceil(flex * 0.55);
  const companyW = flex - customerW;
  const c = row.chat;
  const kind = kindCell(row, now, pickQueues);
  return [
    { text: fit(kind.text, KIND_W) + ' ', ...(kind.token ? { token: kind.token } : {}) },
    { text: fit(safeLine(c.contact.name, mask), customerW - 1) + ' ', token: 'customer' },
    { text: fit(safeLine(c.company.name, mask), companyW) + ' ' },
    ...(queueW ? [{ text: fit(safeLine(c.queue?.name ?? '-', mask), queueW) + ' ', token: 'muted' as Token }] : []),
    { text: fitRight(clock(now - Date.parse(c.requestedAt)), WAIT_W) },
  ];
}

export function QueuePane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const mask = useMask();
  const rows = useStore(queueRows);
  const selected = useStore(queueIndex);
  const now = useStore(serverNow);
  const queues = useStore((s) => s.directory.queues);
  const pickQueues = new Set(queues.filter((q) => q.mode === 'pick').map((q) => q.id));
  const mine = rows.filter((r) => r.invitation !== null).length;
  const listH = Math.max(1, height - 4);
  const start = useWindow(selected, listH, rows.length);
  const visible = rows.slice(start, start + listH);
  const titleToken: Token = focused ? 'focus' : 'title';
  const title: Segment[] = [
    { text: 'Queue', token: titleToken },
    { text: `  ${mine} for you · ${rows.length - mine} waiting`, token: 'muted' },
    ...(rows.length > listH
      ? [{ text: `  (${start + 1}–${start + visible.length} of ${rows.length})`, token: 'muted' as Token }]
      : []),
  ];
  const header = `  ${'Kind'.padEnd(KIND_W)} Customer / company / queue`;
  const sel = rows[selected];
  const lines = [];
  for (let i = 0; i < listH; i++) {
    const row = visible[i];
    if (!row) {
      lines.push(
        <Line
          key={`e${i}`}
          segments={
            i === 0 && rows.length === 0
              ? [{ text: '  No requests waiting. Offers appear here as they arrive.', token: 'muted' }]
              : []
          }
          width={width}
        />,
      );
      continue;
    }
    const isSel = start + i === selected;
    lines.push(
      <Line
        key={row.chat.id}
        segments={[{ text: isSel ? '▸ ' : '  ' }, ...rowSegments(row, width, now, mask, pickQueues)]}
        width={width}
        {...(isSel ? { token: focused ? ('selected' as Token) : ('selectedDim' as Token) } : {})}
      />,
    );
  }
  const detail: Segment[][] = sel
    ? [
        [
          { text: `#${sel.chat.id} `, token: 'muted' },
          { text: safeLine(sel.chat.contact.name, mask), token: 'customer' },
          { text: ` <${safeLine(sel.chat.contact.email, mask)}> · ${safeLine(sel.chat.company.name, mask)}` },
        ],
        sel.invitation
          ? [
              {
                text:
                  sel.invitation.kind === 'offer'
                    ? `Offered to you · ${keyLabel('accept')} accept · ${keyLabel('decline')} decline`
                    : `${sel.invitation.kind === 'transfer' ? 'Transfer' : 'Conference'} from ${safeLine(sel.invitation.from ?? '?', mask)}${sel.invitation.note ? `: ${safeLine(sel.invitation.note, mask)}` : ''} · ${keyLabel('accept')} accept · ${keyLabel('decline')} decline`,
                token: 'offer',
              },
            ]
          : [
              {
                text: `Requested ${hhmm(sel.chat.requestedAt)} in ${safeLine(sel.chat.queue?.name ?? '-', mask)} · ${
                  sel.chat.queue !== null && pickQueues.has(sel.chat.queue.id)
                    ? `${keyLabel('take')} take`
                    : `offered to the next Available technician (${keyLabel('available')}: become Available)`
                }`,
                token: 'muted',
              },
            ],
      ]
    : [[], []];
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Line segments={title} width={width} />
      <Line segments={[{ text: header, token: 'muted' }]} width={width} />
      {lines}
      {detail.map((d, i) => (
        <Line key={`d${i}`} segments={d} width={width} />
      ))}
    </Box>
  );
}
