import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Header } from '../../src/tui/components/Header.js';
import { lineText } from '../../src/tui/components/Line.js';
import { makeTheme, noColorFrom } from '../../src/tui/theme.js';
import { ME, NOW, iso, presence, renderTui, settle, stateWith } from './fixtures.js';

afterEach(() => cleanup());

describe('Header', () => {
  it('shows who, where, availability and a live connection in one line of 80 columns', () => {
    const s = stateWith(
      { type: 'presence', presence: presence('available') },
      { type: 'connection', connection: 'live' },
    );
    const { lastFrame } = renderTui(<Header width={80} />, s);
    const frame = lastFrame()!;
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toContain('Sam Rivera @ 127.0.0.1:7420');
    expect(frame).toContain('Available');
    expect(frame).toContain('live');
  });

  it('shows RONA with the key that makes me Available', () => {
    const s = stateWith({ type: 'presence', presence: presence('rona') });
    const frame = renderTui(<Header width={80} />, s).lastFrame()!;
    expect(frame).toContain('RONA');
    expect(frame).toContain('press v for Available');
  });

  it('shows reconnecting and offline', async () => {
    const store = renderTui(<Header width={80} />, stateWith({ type: 'connection', connection: 'reconnecting' }));
    expect(store.lastFrame()).toContain('reconnecting');
    store.store.dispatch({ type: 'connection', connection: 'offline' });
    await settle();
    expect(store.lastFrame()).toContain('offline');
  });

  it('shows the running timer ticking and unread mentions', async () => {
    const timer = {
      technician: { id: ME.id, name: ME.name },
      ticket: { id: 42, title: 'Printer' },
      company: { id: 1, name: 'c' },
      state: 'running' as const,
      startedAt: iso(NOW - 65_000),
      runningSince: iso(NOW - 65_000),
      accumulatedMs: 0,
      elapsedMs: 65_000,
      segments: [{ start: iso(NOW - 65_000), end: null }],
    };
    const r = renderTui(
      <Header width={100} />,
      stateWith({ type: 'timer', timer, at: NOW }, { type: 'mentions', count: 3 }),
    );
    expect(r.lastFrame()).toContain('#42 1:05');
    expect(r.lastFrame()).toContain('@3 mentions');
    r.store.dispatch({ type: 'tick', now: NOW + 10_000 });
    await settle();
    expect(r.lastFrame()).toContain('#42 1:15');
  });
});

describe('theme', () => {
  it('draws RONA white on red, and inverse and bold without colour under NO_COLOR', () => {
    const seg = [{ text: 'RONA', token: 'rona' as const }];
    expect(lineText(seg, makeTheme(false))).toBe('\x1b[1;97;41mRONA\x1b[0m');
    expect(lineText(seg, makeTheme(noColorFrom({ NO_COLOR: '1' })))).toBe('\x1b[1;7mRONA\x1b[0m');
    expect(noColorFrom({ NO_COLOR: '' })).toBe(false);
    // No colour anywhere under NO_COLOR.
    const mono = makeTheme(true);
    for (const codes of Object.values(mono)) expect(codes).not.toMatch(/\b(3\d|4\d|9\d)\b/);
  });
});
