import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ChatPane } from '../../src/tui/components/ChatPane.js';
import { Composer } from '../../src/tui/components/Composer.js';
import type { ChatDetail } from '../../src/core/chat.js';
import { COMPOSER_MAX } from '../../src/core/composer.js';
import { ME, activeChat, lines, message, renderTui, settle, stateWith } from './fixtures.js';

afterEach(() => cleanup());

function loaded(id: number, messages: ChatDetail['messages']): ChatDetail {
  return {
    ...activeChat(id, { contact: { id: 11, name: 'Melissa Grant', email: 'melissa@gmail.com' } }),
    origin: { ip: null, os: null, device: null, client: null, clientVersion: null },
    wrapup: null,
    endedBy: null,
    transfer: null,
    messages,
    seq: 1,
  };
}

describe('ChatPane', () => {
  it('shows the transcript with customer, technician and Deskline lines apart, masked', () => {
    const s = stateWith(
      {
        type: 'transcript.loaded',
        detail: loaded(1, [
          message(1, 'Call me on +447966197542 please'),
          message(1, 'Sam Rivera joined the chat', { author: { kind: 'system', id: null, name: 'Deskline' } }),
          message(1, 'On it', { author: { kind: 'technician', id: ME.id, name: ME.name } }),
          message(1, '[file] log.txt', {
            file: { id: 5, name: 'log.txt', type: 'text/plain', size: 2048 },
          }),
        ]),
      },
      { type: 'chat.open', chatId: 1, compose: false },
    );
    const frame = renderTui(<ChatPane width={80} height={20} focused />, s).lastFrame()!;
    expect(lines(frame)).toHaveLength(20);
    expect(frame).toContain('#1 Melissa');
    expect(frame).toContain('<m******@gmail.com>');
    expect(frame).toMatch(/\d\d:\d\d Melissa Grant: Call me on \*{9}7542 please/);
    expect(frame).not.toContain('447966197542');
    expect(frame).toMatch(/\d\d:\d\d · Sam Rivera joined the chat/);
    expect(frame).toMatch(/\d\d:\d\d Sam Rivera: On it/);
    expect(frame).toContain('[file] log.txt (2 KB) /v1/chats/1/files/5');
  });

  it('keeps a very long message inside the pane, windowed to the newest lines', () => {
    const s = stateWith(
      { type: 'transcript.loaded', detail: loaded(1, [message(1, 'start ' + 'word '.repeat(2000) + 'END')]) },
      { type: 'chat.open', chatId: 1, compose: false },
    );
    const frame = renderTui(<ChatPane width={80} height={20} focused />, s).lastFrame()!;
    const ls = lines(frame);
    expect(ls).toHaveLength(20);
    expect(frame).toContain('END');
    expect(frame).not.toContain('start');
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('says when no chat is open', () => {
    const frame = renderTui(<ChatPane width={80} height={10} focused />, stateWith()).lastFrame()!;
    expect(frame).toContain('No chat open');
  });
});

describe('Composer', () => {
  const editor = (text: string) => ({ text, cursor: text.length });

  it('counts against 1000 and shows the key hints', () => {
    const frame = renderTui(
      <Composer draft={editor('hello')} width={80} height={5} focused refused={null} sending={false} disabled={null} />,
      stateWith(),
    ).lastFrame()!;
    expect(lines(frame)).toHaveLength(5);
    expect(frame).toContain('5/1000');
    expect(frame).toContain('hello');
    expect(frame).toContain('Enter send');
  });

  it('shows why a keystroke was refused', () => {
    const frame = renderTui(
      <Composer
        draft={editor('x'.repeat(COMPOSER_MAX))}
        width={80}
        height={5}
        focused
        refused="The limit is 1000 characters: nothing more can be added."
        sending={false}
        disabled={null}
      />,
      stateWith(),
    ).lastFrame()!;
    expect(frame).toContain('1000/1000');
    expect(frame).toContain('The limit is 1000 characters');
  });

  it('refuses < > and the 1001st character as they are typed into the chat pane', async () => {
    const r = renderTui(
      <ChatPane width={80} height={20} focused />,
      stateWith({ type: 'transcript.loaded', detail: loaded(1, []) }, { type: 'chat.open', chatId: 1, compose: true }),
    );
    r.store.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: 'a<' } });
    await settle();
    expect(r.lastFrame()).toContain('may not contain < or >');
    expect(r.lastFrame()).toContain('1/1000');
    r.store.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: 'b'.repeat(999) } });
    await settle();
    expect(r.lastFrame()).toContain('1000/1000');
    r.store.dispatch({ type: 'composer.edit', edit: { op: 'insert', text: 'c' } });
    await settle();
    expect(r.lastFrame()).toContain('1000/1000');
    expect(r.lastFrame()).toContain('The limit is 1000 characters');
    // The end of the draft stays in view with the cursor.
    expect(lines(r.lastFrame()).map((l) => l.trimEnd())).toContain('b'.repeat(1000 - 1 - 80 * 12 + 1));
  });
});
