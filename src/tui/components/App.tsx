/**
 * The whole screen: header, pane bar, the panes (one at a time at 80 columns; the queue beside the
 * chat or tickets on wide terminals), and the status line. Keys go to the controller; every
 * component below only renders what the store holds.
 */
import { Box, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { Controller } from '../controller.js';
import { firstKey, keyLabel } from '../keys.js';
import { queueRows } from '../select.js';
import type { Pane, State } from '../state.js';
import { useStore } from '../store.js';
import type { Token } from '../theme.js';
import { ChatPane } from './ChatPane.js';
import { DashboardPane } from './DashboardPane.js';
import { Header } from './Header.js';
import { Line, useMask, type Segment } from './Line.js';
import { safeLine } from '../text.js';
import { HelpView, PickerView, PromptView } from './Modals.js';
import { QueuePane } from './QueuePane.js';
import { TicketsPane } from './TicketsPane.js';

/** Wide enough to show the queue beside the chat or the tickets. */
export const WIDE = 120;

function PaneBar({ width }: { width: number }) {
  const pane = useStore((s) => s.pane);
  const queue = useStore(queueRows);
  const invitations = useStore((s) => s.invitations.size);
  const tabs = useStore((s) => s.tabs.length);
  const unread = useStore((s) => s.unread.size);
  const tickets = useStore((s) => s.tickets.items.length);
  const more = useStore((s) => s.tickets.nextCursor !== null);
  const item = (p: Pane, key: string, text: string): Segment => ({
    text: ` ${key} ${text} `,
    token: pane === p ? 'selected' : 'muted',
  });
  return (
    <Line
      segments={[
        item('queue', firstKey('paneQueue'), `Queue (${queue.length}${invitations ? `, ${invitations} for you` : ''})`),
        { text: '│', token: 'muted' },
        item('chat', firstKey('paneChats'), `Chats (${tabs}${unread ? `, ${unread} unread` : ''})`),
        { text: '│', token: 'muted' },
        item('tickets', firstKey('paneTickets'), `Tickets (${tickets}${more ? '+' : ''})`),
        { text: '│', token: 'muted' },
        item('dashboard', firstKey('paneDashboard'), 'Dashboard'),
        {
          text: `  ${width >= 100 ? `${keyLabel('nextPane')} switch · ` : ''}${firstKey('help')} keys · ${firstKey('quit')} quit`,
          token: 'muted',
        },
      ]}
      width={width}
    />
  );
}

function hints(s: Pick<State, 'pane' | 'ticketView' | 'composerFocused'>): string {
  switch (s.pane) {
    case 'queue':
      return `${firstKey('accept')} accept · ${firstKey('decline')} decline · ${firstKey('take')} take · ↑/↓ select · ${firstKey('presence')} availability`;
    case 'chat':
      return s.composerFocused
        ? `${keyLabel('composerTicket')} ticket · ${keyLabel('composerAttach')} file · ${keyLabel('composerConference')} conference · ${keyLabel('composerPrevChat')}/${keyLabel('composerNextChat')} chats`
        : `${firstKey('compose')} write · ↑/↓ scroll · ${keyLabel('prevChat')}/${keyLabel('nextChat')} chats · ${firstKey('closeTab')} close ended`;
    case 'tickets':
      return s.ticketView
        ? `${firstKey('reply')} reply · ${firstKey('note')} note · ${firstKey('timer')} timer · ${firstKey('back')} back`
        : `${firstKey('openTicket')} open · ${firstKey('filterAssignee')} assignee filter · ${firstKey('filterStatus')} status filter · ${firstKey('refresh')} reload`;
    case 'dashboard':
      return `Live from the event stream · ${firstKey('paneQueue')} queue · ${firstKey('presence')} availability · ${firstKey('help')} keys`;
  }
}

const TONE: Record<'error' | 'info' | 'ok', Token> = { error: 'error', info: 'info', ok: 'ok' };

function StatusLine({ width }: { width: number }) {
  const mask = useMask();
  const flash = useStore((s) => s.flash);
  const modal = useStore((s) => s.modal);
  const pane = useStore((s) => s.pane);
  const ticketView = useStore((s) => s.ticketView);
  const composerFocused = useStore((s) => s.composerFocused);
  let segs: Segment[];
  if (modal.kind === 'confirm-quit') {
    segs = [
      {
        text: `${modal.drafts} unsent draft${modal.drafts === 1 ? '' : 's'} would be lost. Quit anyway? ${firstKey('yes')}/${firstKey('no')}`,
        token: 'danger',
      },
    ];
  } else if (flash) {
    // Errors and notices may quote what a customer wrote.
    segs = [{ text: safeLine(flash.text, mask), token: TONE[flash.tone] }];
  } else {
    segs = [{ text: hints({ pane, ticketView, composerFocused }), token: 'muted' }];
  }
  return <Line segments={segs} width={width} />;
}

function Body({ width, height }: { width: number; height: number }) {
  const pane = useStore((s) => s.pane);
  const modal = useStore((s) => s.modal);
  const lastMain = useRef<Pane>('chat');
  if (pane !== 'queue') lastMain.current = pane;
  if (modal.kind === 'help') return <HelpView width={width} height={height} scroll={modal.scroll} />;
  if (modal.kind === 'picker') return <PickerView modal={modal} width={width} height={height} />;
  if (modal.kind === 'prompt') return <PromptView modal={modal} width={width} height={height} />;
  if (width >= WIDE) {
    const left = Math.min(56, Math.floor(width * 0.4));
    const right = width - left - 1;
    const main = lastMain.current;
    const rule = [];
    for (let i = 0; i < height; i++) rule.push(<Line key={i} segments={[{ text: '│', token: 'muted' }]} />);
    return (
      <Box height={height} width={width}>
        <QueuePane width={left} height={height} focused={pane === 'queue'} />
        <Box flexDirection="column" width={1} height={height}>
          {rule}
        </Box>
        {main === 'tickets' ? (
          <TicketsPane width={right} height={height} focused={pane === 'tickets'} />
        ) : main === 'dashboard' ? (
          <DashboardPane width={right} height={height} focused={pane === 'dashboard'} />
        ) : (
          <ChatPane width={right} height={height} focused={pane === 'chat'} />
        )}
      </Box>
    );
  }
  if (pane === 'queue') return <QueuePane width={width} height={height} focused />;
  if (pane === 'chat') return <ChatPane width={width} height={height} focused />;
  if (pane === 'dashboard') return <DashboardPane width={width} height={height} focused />;
  return <TicketsPane width={width} height={height} focused />;
}

function useSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return fixed ?? size;
}

export function App({ controller, size }: { controller: Controller; size?: { columns: number; rows: number } }) {
  const { columns, rows } = useSize(size);
  useInput((input, key) => controller.handleKey(input, key));
  // One line short of the terminal: a frame as tall as the screen makes Ink clear it on every render.
  const height = Math.max(8, rows - 1);
  const width = Math.max(40, columns);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header width={width} />
      <PaneBar width={width} />
      <Body width={width} height={height - 3} />
      <StatusLine width={width} />
    </Box>
  );
}
