import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { TicketsPane } from '../../src/tui/components/TicketsPane.js';
import type { Ticket } from '../../src/core/schemas.js';
import { NOW, comment, detail, lines, renderTui, settle, stateWith, ticket } from './fixtures.js';

afterEach(() => cleanup());

const sla = (leftMs: number, breached = false): NonNullable<Ticket['sla']> => ({
  clock: 'running',
  response: null,
  resolution: null,
  breached,
  leftMs,
});

describe('TicketsPane', () => {
  it('lists tickets with the filter, priority, status and an SLA or age column', () => {
    const s = stateWith({
      type: 'tickets.loaded',
      items: [
        ticket(3, { priority: 'critical', sla: sla(-2 * 3600_000, true) }),
        ticket(2, { priority: 'high', status: 'pending', sla: sla(30 * 60_000) }),
        ticket(1),
      ],
      nextCursor: 'more',
      append: false,
    });
    const frame = renderTui(<TicketsPane width={80} height={20} focused />, s).lastFrame()!;
    const rows = lines(frame);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toContain('mine · open+pending · 3+');
    expect(rows[2]).toMatch(/^▸ #3 +Crit +Open +over 2h +Ticket number 3/);
    expect(rows[3]).toMatch(/#2 +High +Pending +left 30m/);
    expect(rows[4]).toMatch(/#1 +Med +Open +age 3d/);
  });

  it('renders a window of 10,000 tickets and keeps the selection in view', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ticket(10_000 - i));
    const r = renderTui(
      <TicketsPane width={80} height={20} focused />,
      stateWith({ type: 'tickets.loaded', items, nextCursor: null, append: false }),
    );
    expect(lines(r.lastFrame())).toHaveLength(20);
    r.store.dispatch({ type: 'tickets.move', move: { delta: 5000 } });
    await settle();
    expect(r.lastFrame()).toMatch(/▸ #5000 /);
    expect(lines(r.lastFrame())).toHaveLength(20);
  });

  it('shows the detail with public replies and internal notes visibly different, masked', () => {
    const t = ticket(7);
    const s = stateWith(
      { type: 'ticket.open', id: 7 },
      {
        type: 'ticket.loaded',
        detail: detail(t, [comment(1, 'reply', 'Public answer'), comment(2, 'note', 'Internal: phone +447966197542')]),
      },
    );
    const frame = renderTui(<TicketsPane width={80} height={20} focused />, s).lastFrame()!;
    expect(frame).toContain('#7 Ticket number 7');
    expect(frame).toContain('Melissa Grant <m******@gmail.com> *********7542');
    expect(frame).toMatch(/── \d\d:\d\d Sam Rivera · public reply ─+/);
    expect(frame).toContain('  Public answer');
    expect(frame).toMatch(/── \d\d:\d\d Sam Rivera · INTERNAL NOTE \(technicians only\) ─+/);
    expect(frame).toContain('┃ Internal: phone *********7542');
    expect(frame).toContain('r reply · n note · s status · p priority · a assignee');
    expect(frame).toContain('t starts the timer');
    void NOW;
  });
});
