/**
 * A chat that went on without me (transferred away, or I was taken off it): its tab stays to read,
 * with no composer to write in, and closes with x.
 */
import { describe, expect, it } from 'vitest';
import { ME, activeChat, event, iso, NOW } from '../fixtures.js';
import { KIM, desk, onChat } from './harness.js';

/** Chat 7 as it is once Kim accepted its transfer. */
const withKim = () =>
  activeChat(7, {
    owner: { id: KIM.id, name: KIM.name },
    updatedAt: iso(NOW),
    participants: [{ technician: { id: KIM.id, name: KIM.name }, role: 'owner', state: 'active' }],
  });

describe('a chat handed over', () => {
  it('leaves the composer, refuses to write or send, and closes with x', async () => {
    const d = desk(...onChat(), { type: 'composer.focus', focused: true });
    await d.type('one more thing');
    d.dispatch({ type: 'event', event: event('chat.updated', { chat: withKim() }) });
    expect(d.state().composerFocused).toBe(false);
    // Letters are keys again, not text: i would write, and says why it cannot.
    await d.press('i');
    expect(d.state().composerFocused).toBe(false);
    expect(d.flash()).toEqual({
      text: 'Chat 7 was handed over to Kim Park: it is read-only here; x closes the tab.',
      tone: 'info',
    });
    // Enter would write too; nothing is sent.
    await d.press('return');
    expect(d.fake.sent()).toEqual([]);
    expect(d.state().tabs).toEqual([7]);
    await d.press('x');
    expect(d.state().tabs).toEqual([]);
    expect(d.state().drafts.has(7)).toBe(false);
  });

  it('is read-only when I was taken off a conference too', async () => {
    const conf = activeChat(7, {
      owner: { id: KIM.id, name: KIM.name },
      participants: [
        { technician: { id: KIM.id, name: KIM.name }, role: 'owner', state: 'active' },
        { technician: { id: ME.id, name: ME.name }, role: 'conference', state: 'active' },
      ],
    });
    const d = desk(...onChat(conf));
    const left = {
      ...conf,
      updatedAt: iso(NOW),
      participants: conf.participants.map((p) => (p.technician.id === ME.id ? { ...p, state: 'left' as const } : p)),
    };
    d.dispatch({ type: 'event', event: event('chat.updated', { chat: left }) });
    await d.press('i');
    expect(d.state().composerFocused).toBe(false);
    expect(d.flash()?.text).toBe('Chat 7 was handed over to Kim Park: it is read-only here; x closes the tab.');
  });

  it('does not send a draft Enter was pressed on as the handover arrived', async () => {
    const d = desk(...onChat(), { type: 'composer.focus', focused: true });
    await d.type('late');
    // The chat changed hands, yet the composer is still focused (as between the event and the next frame).
    d.dispatch({ type: 'chat.upsert', chat: withKim() });
    d.dispatch({ type: 'composer.focus', focused: true });
    await d.press('return');
    expect(d.fake.sent()).toEqual([]);
    expect(d.flash()?.tone).toBe('error');
  });
});
