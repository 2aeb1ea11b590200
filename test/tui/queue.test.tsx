import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { QueuePane } from '../../src/tui/components/QueuePane.js';
import type { Action } from '../../src/tui/reducer.js';
import { ME, NOW, chat, event, iso, lines, renderTui, settle, stateWith } from './fixtures.js';

afterEach(() => cleanup());

const offer = (id: number, expiresIn: number, at = NOW): Action => ({
  type: 'event',
  event: event(
    'chat.offered',
    {
      chat: chat(id, {
        state: 'offered',
        offeredTo: { id: ME.id, name: ME.name },
        contact: { id: 11, name: 'Melissa Grant', email: 'melissa@gmail.com' },
      }),
      offer: { technicianId: ME.id, expiresAt: iso(NOW + expiresIn) },
    },
    at,
  ),
});

describe('QueuePane', () => {
  it('lists my offer with its countdown and a waiting request with its waiting time, masked', () => {
    const s = stateWith(
      { type: 'event', event: event('chat.requested', { chat: chat(1, { requestedAt: iso(NOW - 125_000) }) }) },
      offer(2, 95_000),
    );
    const frame = renderTui(<QueuePane width={80} height={20} focused />, s).lastFrame()!;
    const rows = lines(frame);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toContain('1 for you · 1 waiting');
    // The offer first and selected, its countdown 1:35.
    expect(rows[2]).toMatch(/^▸ OFFER 1:35 +Melissa Grant/);
    expect(rows[3]).toMatch(/waiting +Customer 1 .* 2:05$/);
    expect(frame).toContain('<m******@gmail.com>');
    expect(frame).not.toContain('melissa@gmail.com');
    expect(frame).toContain('a accept · d decline');
  });

  it('ticks the waiting time and the countdown', async () => {
    const r = renderTui(<QueuePane width={80} height={10} focused />, stateWith(offer(2, 30_000)));
    expect(r.lastFrame()).toContain('OFFER 0:30');
    r.store.dispatch({ type: 'tick', now: NOW + 12_000 });
    await settle();
    expect(r.lastFrame()).toContain('OFFER 0:18');
  });

  it('renders only the rows that fit with 1,000 queued requests, and follows the selection', async () => {
    const actions: Action[] = [];
    for (let i = 1; i <= 1000; i++) {
      actions.push({ type: 'chat.upsert', chat: chat(i, { requestedAt: iso(NOW - 1_000_000 + i * 1000) }) });
    }
    const r = renderTui(<QueuePane width={80} height={20} focused />, stateWith(...actions));
    const frame = r.lastFrame()!;
    expect(lines(frame)).toHaveLength(20);
    expect(frame).toContain('(1–15 of 1000)');
    expect(frame).toContain('Customer 1 ');
    expect(frame).not.toContain('Customer 17 ');
    r.store.dispatch({ type: 'queue.move', move: { to: 'bottom' } });
    await settle();
    expect(r.lastFrame()).toContain('(986–1000 of 1000)');
    expect(r.lastFrame()).toMatch(/▸ waiting +Customer 1000 /);
  });

  it('survives wide characters and control sequences in customer names', () => {
    const s = stateWith({
      type: 'chat.upsert',
      chat: chat(1, { contact: { id: 1, name: '山田太郎 🎉\x1b[2J\x1b]0;pwned\x07 Ünïcødé', email: 'x@example.com' } }),
    });
    const frame = renderTui(<QueuePane width={80} height={8} focused />, s).lastFrame()!;
    expect(frame).not.toContain('\x1b]0');
    expect(frame).not.toContain('[2J');
    expect(frame).toContain('山田太郎');
    for (const l of lines(frame)) expect(l.length).toBeLessThanOrEqual(80);
  });
});
