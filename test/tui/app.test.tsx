import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/tui/components/App.js';
import { Controller } from '../../src/tui/controller.js';
import { BINDINGS, keyLabel, type Command } from '../../src/tui/keys.js';
import { helpLines } from '../../src/tui/components/Modals.js';
import type { State } from '../../src/tui/state.js';
import { activeChat, lines, presence, renderTui, settle, stateWith, ticket } from './fixtures.js';

afterEach(() => cleanup());

function app(state: State, size = { columns: 80, rows: 24 }) {
  let exited = false;
  const holder: { store?: ReturnType<typeof renderTui>['store'] } = {};
  // Never connected: these tests press only keys that need no server.
  const controller = new Controller({
    store: {
      getState: () => holder.store!.getState(),
      dispatch: (a) => holder.store!.dispatch(a),
      subscribe: (l) => holder.store!.subscribe(l),
    },
    exit: () => {
      exited = true;
    },
  });
  const r = renderTui(<App controller={controller} size={size} />, state);
  holder.store = r.store;
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await settle();
      await settle();
    }
  };
  return { ...r, press, exited: () => exited };
}

describe('App', () => {
  it('fits 80×24 exactly one line short of the screen, the queue focused at start', () => {
    const r = app(stateWith({ type: 'presence', presence: presence('available') }));
    const ls = lines(r.lastFrame());
    expect(ls).toHaveLength(23);
    expect(ls[0]).toContain('Available');
    expect(ls[1]).toContain('1 Queue (0)');
    expect(ls[2]).toContain('Queue');
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('moves between panes with Tab, Shift-Tab and the number keys', async () => {
    const r = app(stateWith({ type: 'tickets.loaded', items: [ticket(1)], nextCursor: null, append: false }));
    await r.press('\t');
    expect(r.store.getState().pane).toBe('chat');
    expect(r.lastFrame()).toContain('No chat open');
    await r.press('\t');
    expect(r.store.getState().pane).toBe('tickets');
    expect(r.lastFrame()).toContain('Ticket number 1');
    await r.press('\x1b[Z');
    expect(r.store.getState().pane).toBe('chat');
    await r.press('1');
    expect(r.store.getState().pane).toBe('queue');
  });

  it('shows every key on the help screen', async () => {
    const r = app(stateWith());
    await r.press('?');
    expect(r.lastFrame()).toContain('Keys');
    const all = helpLines(80)
      .map((l) => l.map((s) => s.text).join(''))
      .join('\n');
    for (const c of Object.keys(BINDINGS) as Command[]) {
      expect(all).toContain(keyLabel(c));
      expect(all).toContain(BINDINGS[c].help.split(' ')[0]);
    }
    await r.press('\x1b');
    await r.press('\x1b');
    expect(r.store.getState().modal.kind).toBe('none');
  });

  it('types into the composer, refuses < > as typed, and asks before quitting with a draft', async () => {
    const r = app(
      stateWith({ type: 'chat.upsert', chat: activeChat(1) }, { type: 'chat.open', chatId: 1, compose: true }),
    );
    await r.press('h', 'i', ' ', 'q', '<');
    expect(r.store.getState().drafts.get(1)?.text).toBe('hi q');
    expect(r.lastFrame()).toContain('may not contain < or >');
    expect(r.lastFrame()).toContain('4/1000');
    // Esc leaves the composer; q now quits, but asks first because of the draft.
    await r.press('\x1b');
    expect(r.store.getState().composerFocused).toBe(false);
    await r.press('q');
    expect(r.lastFrame()).toContain('1 unsent draft would be lost. Quit anyway? y/n');
    expect(r.exited()).toBe(false);
    await r.press('n');
    expect(r.store.getState().modal.kind).toBe('none');
    await r.press('q', 'y');
    expect(r.exited()).toBe(true);
  });

  it('quits at once without a draft', async () => {
    const r = app(stateWith());
    await r.press('q');
    expect(r.exited()).toBe(true);
  });

  it('uses a wide terminal for the queue beside the chat', () => {
    const r = app(stateWith({ type: 'chat.upsert', chat: activeChat(1) }), { columns: 140, rows: 40 });
    const ls = lines(r.lastFrame());
    expect(ls).toHaveLength(39);
    expect(ls[2]).toMatch(/^Queue .*│Chats/);
  });
});
