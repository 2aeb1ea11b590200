/**
 * The status bar: who I am and where, my availability (RONA impossible to miss, with the key that
 * ends it), the connection, the running time tracker and unread mentions.
 */
import { Box } from 'ink';
import { firstKey } from '../keys.js';
import type { State } from '../state.js';
import { useStore } from '../store.js';
import { clock, fit, safeLine, width as textWidth, truncate } from '../text.js';
import type { Token } from '../theme.js';
import { Line, useMask, type Segment } from './Line.js';

function availability(p: State['presence']): Segment {
  if (!p) return { text: '…', token: 'muted' };
  switch (p.state) {
    case 'rona':
      return { text: ` RONA: offers stopped, press ${firstKey('available')} for Available `, token: 'rona' };
    case 'available':
      return { text: '● Available', token: 'available' };
    case 'away':
      return { text: `◐ Away${p.reason ? ` (${truncate(p.reason, 16)})` : ''}`, token: 'away' };
    case 'offline':
      return { text: `○ Offline (${firstKey('available')}: Available)`, token: 'offline' };
  }
}

const CONNECTION: Record<State['connection'], { text: string; token: Token }> = {
  connecting: { text: '◌ connecting', token: 'reconnecting' },
  live: { text: '● live', token: 'live' },
  reconnecting: { text: '◌ reconnecting', token: 'reconnecting' },
  offline: { text: '✕ offline', token: 'disconnected' },
};

function timerText(t: State['timer'], now: number, at: number): Segment | undefined {
  if (!t) return undefined;
  // Elapsed at the server's answer, plus the time since, while it runs.
  const since = t.state === 'running' ? Math.max(0, now - at) : 0;
  const elapsed = t.elapsedMs + since;
  return {
    text: `${t.state === 'running' ? '▶' : '‖'} #${t.ticket.id} ${clock(elapsed)}`,
    token: t.state === 'running' ? 'ok' : 'warn',
  };
}

function host(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

export function Header({ width }: { width: number }) {
  const mask = useMask();
  const presence = useStore((s) => s.presence);
  const connection = useStore((s) => s.connection);
  const timer = useStore((s) => s.timer);
  const timerAt = useStore((s) => s.timerAt);
  const now = useStore((s) => (s.timer?.state === 'running' ? s.now : 0));
  const mentions = useStore((s) => s.mentions);
  const me = useStore((s) => s.me);
  const server = useStore((s) => s.server);
  const right: Segment[] = [];
  const add = (seg: Segment | undefined) => {
    if (!seg) return;
    if (right.length) right.push({ text: ' │ ', token: 'muted' });
    right.push(seg);
  };
  add(availability(presence));
  add(CONNECTION[connection]);
  add(timerText(timer, now, timerAt));
  if (mentions !== null && mentions > 0)
    add({ text: `@${mentions} mention${mentions === 1 ? '' : 's'}`, token: 'warn' });
  const rightWidth = textWidth(right.map((x) => x.text).join(''));
  const who = safeLine(me ? `${me.name} @ ${host(server)}` : host(server), mask);
  const leftWidth = Math.max(0, width - rightWidth - 1);
  const left: Segment[] =
    leftWidth > 0 ? [{ text: fit(truncate(who, leftWidth), leftWidth), token: 'title' }, { text: ' ' }] : [];
  return (
    <Box height={1}>
      <Line segments={[...left, ...right]} width={width} />
    </Box>
  );
}
