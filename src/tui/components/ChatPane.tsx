/**
 * Chats: one tab per chat I am in, the active chat's details, its transcript and the composer.
 */
import { Box } from 'ink';
import type { Chat } from '../../core/chat.js';
import { EMPTY } from '../editor.js';
import { firstKey } from '../keys.js';
import { handedOver, handedOverText } from '../select.js';
import { useStore } from '../store.js';
import { hhmm, safeLine, truncate, type Masker } from '../text.js';
import type { Token } from '../theme.js';
import { Composer } from './Composer.js';
import { Line, useMask, type Segment } from './Line.js';
import { Transcript } from './Transcript.js';

const COMPOSER_H = 5;

function tabLabel(chat: Chat | undefined, id: number, unread: boolean, mask: Masker, me: number | undefined): string {
  const who = chat ? truncate(safeLine(chat.contact.name.split(' ')[0] ?? '', mask), 12) : '';
  const state =
    chat && chat.state !== 'active' ? ` (${chat.state})` : chat && handedOver(chat, me) ? ' (handed over)' : '';
  return ` #${id} ${who}${state}${unread ? ' *' : ''} `;
}

function info(chat: Chat, me: number | undefined, mask: Masker): Segment[] {
  // What changes first (state, transfer, ticket), then who the customer is: a cut line keeps the news.
  const away = handedOver(chat, me);
  const parts: Segment[] = away
    ? [{ text: `handed over${away.to ? ` to ${safeLine(away.to, mask)}` : ''}`, token: 'warn' }]
    : [{ text: chat.state, token: chat.state === 'active' ? 'ok' : 'warn' }];
  if (chat.acceptedAt && !chat.endedAt) parts.push({ text: ` since ${hhmm(chat.acceptedAt)}`, token: 'muted' });
  if (chat.endedAt) {
    parts.push({
      text: ` at ${hhmm(chat.endedAt)}${chat.acceptedAt ? ` (from ${hhmm(chat.acceptedAt)})` : ''}`,
      token: 'muted',
    });
  }
  if (chat.transferPending) parts.push({ text: ' · transfer pending', token: 'warn' });
  if (chat.ticketId !== null) parts.push({ text: ` · ticket #${chat.ticketId}`, token: 'accent' });
  if (chat.owner && chat.owner.id !== me)
    parts.push({ text: ` · owner ${safeLine(chat.owner.name, mask)}`, token: 'muted' });
  const conf = chat.participants.filter((p) => p.role === 'conference' && p.state !== 'left');
  if (conf.length) {
    parts.push({
      text: ` · with ${conf.map((p) => `${safeLine(p.technician.name, mask)}${p.state === 'invited' ? ' (invited)' : ''}`).join(', ')}`,
      token: 'muted',
    });
  }
  parts.push(
    { text: ' · ' },
    { text: safeLine(chat.contact.name, mask), token: 'customer' },
    { text: ` <${safeLine(chat.contact.email, mask)}> · ${safeLine(chat.company.name, mask)}` },
  );
  return parts;
}

export function ChatPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const mask = useMask();
  const tabs = useStore((s) => s.tabs);
  const activeTab = useStore((s) => s.activeTab);
  const chats = useStore((s) => s.chats);
  const unread = useStore((s) => s.unread);
  const me = useStore((s) => s.me?.id);
  const transcript = useStore((s) => (s.activeTab === null ? undefined : s.transcripts.get(s.activeTab)));
  const draft = useStore((s) => (s.activeTab === null ? EMPTY : (s.drafts.get(s.activeTab) ?? EMPTY)));
  const scroll = useStore((s) => (s.activeTab === null ? 0 : (s.scroll.get(s.activeTab) ?? 0)));
  const composerFocused = useStore((s) => s.composerFocused);
  const refused = useStore((s) => s.composerRefused);
  const sending = useStore((s) => s.activeTab !== null && s.sending.has(s.activeTab));

  const titleToken: Token = focused ? 'focus' : 'title';
  const tabSegs: Segment[] = [{ text: 'Chats ', token: titleToken }];
  for (const id of tabs) {
    const active = id === activeTab;
    tabSegs.push({
      text: tabLabel(chats.get(id), id, unread.has(id), mask, me),
      token: active ? 'selected' : unread.has(id) ? 'warn' : 'muted',
    });
  }
  if (tabs.length > 1)
    tabSegs.push({ text: `  ${firstKey('prevChat')}/${firstKey('nextChat')} switch`, token: 'muted' });

  const chat = activeTab === null ? undefined : chats.get(activeTab);
  if (!chat || activeTab === null) {
    const rest = [];
    for (let i = 0; i < height - 2; i++) rest.push(<Line key={i} segments={[]} width={width} />);
    return (
      <Box flexDirection="column" height={height} width={width}>
        <Line segments={tabSegs} width={width} />
        <Line
          segments={[
            { text: `No chat open. Accept an offer in the queue (${firstKey('paneQueue')}).`, token: 'muted' },
          ]}
          width={width}
        />
        {rest}
      </Box>
    );
  }
  const transcriptH = Math.max(1, height - 2 - COMPOSER_H);
  const away = handedOver(chat, me);
  const disabled =
    chat.state !== 'active'
      ? `This chat is ${chat.state}. ${firstKey('closeTab')} closes the tab.`
      : away
        ? handedOverText(chat.id, away.to === null ? null : safeLine(away.to, mask))
        : null;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Line segments={tabSegs} width={width} />
      <Line segments={info(chat, me, mask)} width={width} />
      <Transcript
        messages={transcript?.messages ?? []}
        loaded={transcript?.loaded ?? false}
        width={width}
        height={transcriptH}
        scroll={scroll}
        me={me}
        mask={mask}
      />
      <Composer
        draft={draft}
        width={width}
        height={COMPOSER_H}
        focused={focused && composerFocused}
        refused={refused}
        sending={sending}
        disabled={disabled}
      />
    </Box>
  );
}
