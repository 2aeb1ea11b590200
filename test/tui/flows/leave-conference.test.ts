/** Leaving a conference from the TUI asks for my wrap-up reason first. */
import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/core/chat.js';
import { ME, activeChat, iso, NOW } from '../fixtures.js';
import { KIM, desk, onChat } from './harness.js';

const kimsChat = (mine: Chat['participants'][number]['state']): Chat =>
  activeChat(7, {
    owner: { id: KIM.id, name: KIM.name },
    participants: [
      { technician: { id: KIM.id, name: KIM.name }, role: 'owner', state: 'active' },
      { technician: { id: ME.id, name: ME.name }, role: 'conference', state: mine },
    ],
  });

describe('leaving a conference', () => {
  it('picks my wrap-up reason, then leaves with it', async () => {
    const d = desk(...onChat(kimsChat('active')));
    d.fake.answer('endConference', (id) => ({ ...kimsChat('left'), id, updatedAt: iso(NOW) }));
    await d.press('C', 'return');
    const m = d.state().modal;
    expect(m).toMatchObject({ kind: 'picker', title: 'Leave chat 7: wrap-up reason' });
    expect(m.kind === 'picker' && m.options.map((o) => o.label)).toEqual(['Resolved', 'Handed over']);
    expect(d.fake.sent()).toEqual([]);
    await d.press('down', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'endConference', args: [7, ME.id, 'Handed over'] }]);
    expect(d.flash()).toEqual({ text: 'You left the conference (Handed over).', tone: 'ok' });
  });
});
