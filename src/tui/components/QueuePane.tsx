/**
 * The queue: offers, transfers and invitations waiting for my answer (newest first, each with its
 * countdown), then requests waiting in queues and my invitations waiting for their customer (longest
 * waiting first, time ticking) — or, under another filter, active, completed or all chats — sorted by
 * waiting time, customer or company. The selected row's customer, where it stands and the customer's
 * first message show below. Only the rows that fit are rendered.
 */
import { Box } from 'ink';
import { keyLabel } from '../keys.js';
import type { Chat, Queue } from '../../core/chat.js';
import { conferenceExpiry, queueIndex, queueRows, serverNow, type QueueRow } from '../select.js';
import { QUEUE_FILTERS, type QueueFilter, type QueueSort } from '../state.js';
import { useStore } from '../store.js';
import { clock, fit, fitRight, hhmm, safeLine, type Masker } from '../text.js';
import type { Token } from '../theme.js';
import { Line, useMask, type Segment } from './Line.js';
import { useWindow } from './window.js';

const KIND_W = 14;
const QUEUE_W = 10;
const WAIT_W = 7;

/** What the row's first column needs: the queues (pick mode, offer timeouts) and the invitation timeout. */
interface RowContext {
  readonly now: number;
  readonly queues: readonly Queue[];
  readonly inviteTimeoutMs: number;
}

const CLOSED_LABEL: Partial<Record<Chat['state'], string>> = {
  active: 'active',
  ended: 'ended',
  declined: 'declined',
  expired: 'expired',
  offered: 'offered',
};

function kindCell(row: QueueRow, rc: RowContext): Segment {
  const inv = row.invitation;
  const { now } = rc;
  if (row.pending) {
    const expiresAt = ms(row.chat.requestedAt) + rc.inviteTimeoutMs;
    return { text: `INVITED ${clock(expiresAt - now)}`, token: expiresAt - now < 20_000 ? 'danger' : 'accent' };
  }
  if (!inv) {
    if (row.chat.state !== 'requested') return { text: CLOSED_LABEL[row.chat.state] ?? row.chat.state, token: 'muted' };
    const pick = row.chat.queue !== null && rc.queues.some((q) => q.id === row.chat.queue?.id && q.mode === 'pick');
    return { text: pick ? 'waiting/pick' : 'waiting', token: 'muted' };
  }
  const expiresAt = inv.expiresAt ?? (inv.kind === 'conference' ? conferenceExpiry(rc.queues, row.chat, inv.at) : null);
  const left = expiresAt === null ? '' : ` ${clock(expiresAt - now)}`;
  const name = inv.kind === 'offer' ? 'OFFER' : inv.kind === 'transfer' ? 'TRANSFER' : 'CONFER';
  const urgent = expiresAt !== null && expiresAt - now < 20_000;
  return { text: `${name}${left}`, token: urgent ? 'danger' : 'offer' };
}

const ms = (iso: string | null): number => (iso === null ? 0 : Date.parse(iso) || 0);

/** How long the customer waited: until now while waiting, until accepted or ended after. */
function waited(c: Chat, now: number): number {
  const until = c.acceptedAt ? ms(c.acceptedAt) : c.endedAt ? ms(c.endedAt) : now;
  return until - ms(c.requestedAt);
}

function rowSegments(row: QueueRow, width: number, rc: RowContext, mask: Masker): Segment[] {
  // A narrow pane (beside the chat) leaves the queue's name to the detail lines below.
  const queueW = width >= 70 ? QUEUE_W : 0;
  const flex = Math.max(10, width - (2 + KIND_W + 1 + 1 + queueW + (queueW ? 1 : 0) + WAIT_W));
  const customerW = Math.ceil(flex * 0.55);
  const companyW = flex - customerW;
  const c = row.chat;
  const kind = kindCell(row, rc);
  return [
    { text: fit(kind.text, KIND_W) + ' ', ...(kind.token ? { token: kind.token } : {}) },
    { text: fit(safeLine(c.contact.name, mask), customerW - 1) + ' ', token: 'customer' },
    { text: fit(safeLine(c.company.name, mask), companyW) + ' ' },
    ...(queueW ? [{ text: fit(safeLine(c.queue?.name ?? '-', mask), queueW) + ' ', token: 'muted' as Token }] : []),
    { text: fitRight(clock(waited(c, rc.now)), WAIT_W) },
  ];
}

const FILTER_LABEL: Record<QueueFilter, string> = { all: 'All', new: 'New', active: 'Active', completed: 'Completed' };
const SORT_LABEL: Record<QueueSort, string> = { wait: 'waiting time', customer: 'customer', company: 'company' };

/** What the selected row's second detail line says: how to answer it, or where it stands. */
function actionLine(sel: QueueRow, rc: RowContext, mask: Masker): Segment {
  const c = sel.chat;
  if (sel.invitation) {
    const inv = sel.invitation;
    return {
      text:
        inv.kind === 'offer'
          ? `Offered to you · ${keyLabel('accept')} accept · ${keyLabel('decline')} decline`
          : `${inv.kind === 'transfer' ? 'Transfer' : 'Conference'} from ${safeLine(inv.from ?? '?', mask)}${inv.note ? `: ${safeLine(inv.note, mask)}` : ''} · ${keyLabel('accept')} accept · ${keyLabel('decline')} decline`,
      token: 'offer',
    };
  }
  if (sel.pending) {
    return { text: `You invited them at ${hhmm(c.requestedAt)} · waiting for them to accept`, token: 'muted' };
  }
  if (c.state === 'requested') {
    const pick = c.queue !== null && rc.queues.some((q) => q.id === c.queue?.id && q.mode === 'pick');
    return {
      text: `Requested ${hhmm(c.requestedAt)} in ${safeLine(c.queue?.name ?? '-', mask)} · ${
        pick
          ? `${keyLabel('take')} take`
          : `offered to the next Available technician (${keyLabel('available')}: become Available)`
      }`,
      token: 'muted',
    };
  }
  const owner = c.owner ? ` · ${safeLine(c.owner.name, mask)}` : '';
  const when = c.endedAt ? ` at ${hhmm(c.endedAt)}` : c.acceptedAt ? ` since ${hhmm(c.acceptedAt)}` : '';
  return { text: `${c.state}${when}${owner}`, token: 'muted' };
}

export function QueuePane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const mask = useMask();
  const rows = useStore(queueRows);
  const selected = useStore(queueIndex);
  const now = useStore(serverNow);
  const queues = useStore((s) => s.directory.queues);
  const inviteTimeoutMs = useStore((s) => s.directory.inviteTimeoutMs);
  const filter = useStore((s) => s.queueFilter);
  const sort = useStore((s) => s.queueSort);
  const rc: RowContext = { now, queues, inviteTimeoutMs };
  const mine = rows.filter((r) => r.invitation !== null).length;
  const listH = Math.max(1, height - 5);
  const start = useWindow(selected, listH, rows.length);
  const visible = rows.slice(start, start + listH);
  const titleToken: Token = focused ? 'focus' : 'title';
  // Beside the chat only the view shown is named; on its own the pane names all four.
  const wide = width >= 70;
  const title: Segment[] = [
    { text: 'Queue', token: titleToken },
    ...(wide ? QUEUE_FILTERS : [filter]).map((f): Segment => ({
      text: ` ${FILTER_LABEL[f]} `,
      token: f === filter ? 'selected' : 'muted',
    })),
    {
      text: `  ${mine} for you · ${rows.length - mine} ${filter === 'new' ? 'waiting' : 'listed'}`,
      token: 'muted',
    },
    ...(rows.length > listH
      ? [{ text: `  (${start + 1}–${start + visible.length} of ${rows.length})`, token: 'muted' as Token }]
      : []),
  ];
  const order = `by ${SORT_LABEL[sort]}`;
  const header = `  ${'Kind'.padEnd(KIND_W)} ${fit('Customer / company / queue', Math.max(0, width - KIND_W - 4 - order.length))} ${order}`;
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
              ? [
                  {
                    text:
                      filter === 'new'
                        ? '  No requests waiting. Offers appear here as they arrive.'
                        : `  No ${FILTER_LABEL[filter].toLowerCase()} chats.`,
                    token: 'muted',
                  },
                ]
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
        segments={[{ text: isSel ? '▸ ' : '  ' }, ...rowSegments(row, width, rc, mask)]}
        width={width}
        {...(isSel ? { token: focused ? ('selected' as Token) : ('selectedDim' as Token) } : {})}
      />,
    );
  }
  const preview = sel?.chat.preview?.replace(/\s+/g, ' ').trim();
  const detail: Segment[][] = sel
    ? [
        [
          { text: `#${sel.chat.id} `, token: 'muted' },
          { text: safeLine(sel.chat.contact.name, mask), token: 'customer' },
          { text: ` <${safeLine(sel.chat.contact.email, mask)}> · ${safeLine(sel.chat.company.name, mask)}` },
        ],
        [actionLine(sel, rc, mask)],
        preview
          ? [{ text: 'First message: ', token: 'muted' }, { text: `“${safeLine(preview, mask)}”` }]
          : [{ text: 'No message from the customer yet.', token: 'muted' }],
      ]
    : [[], [], []];
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
