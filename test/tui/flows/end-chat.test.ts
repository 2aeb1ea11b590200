/** Ending a chat from the TUI: the wrap-up reason picker, the end request, then closing its tab. */
import { describe, expect, it } from 'vitest';
import { activeChat } from '../fixtures.js';
import { desk, onChat, refused } from './harness.js';

describe('end chat flow', () => {
  it('asks for the wrap-up reason, ends the chat with it and leaves the tab until closed', async () => {
    const d = desk(...onChat());
    await d.press('e');
    const m = d.state().modal;
    expect(m).toMatchObject({
      kind: 'picker',
      title: 'End chat 7: wrap-up reason',
      purpose: { kind: 'end', chatId: 7 },
    });
    expect(m.kind === 'picker' && m.options.map((o) => o.value)).toEqual(['Resolved', 'Handed over']);
    await d.press('down', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'end', args: [7, 'Handed over'] }]);
    expect(d.state().chats.get(7)?.state).toBe('ended');
    expect(d.flash()).toEqual({ text: 'Chat 7 ended (Handed over). Press x to close its tab.', tone: 'ok' });
    expect(d.state().tabs).toEqual([7]);
    await d.press('x');
    expect(d.state().tabs).toEqual([]);
    expect(d.state().activeTab).toBeNull();
  });

  it('ends from the composer with Ctrl-X and leaves the composer, so keys act again', async () => {
    const d = desk(...onChat(), { type: 'composer.focus', focused: true });
    await d.press('ctrl+x', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'end', args: [7, 'Resolved'] }]);
    expect(d.state().composerFocused).toBe(false);
    // `i` no longer opens the composer on an ended chat.
    await d.press('i');
    expect(d.state().composerFocused).toBe(false);
    expect(d.flash()).toEqual({ text: 'Chat 7 is ended: nothing more can be sent.', tone: 'info' });
  });

  it('will not close the tab of a chat that is still active', async () => {
    const d = desk(...onChat());
    await d.press('x');
    expect(d.state().tabs).toEqual([7]);
    expect(d.flash()).toEqual({ text: 'The chat is still active: end it first (e) or transfer it (t).', tone: 'info' });
  });

  it('says an admin must add wrap-up reasons when there are none', async () => {
    const d = desk(...onChat(), { type: 'directory', directory: { wrapups: [] } });
    await d.press('e');
    expect(d.state().modal.kind).toBe('none');
    expect(d.flash()?.text).toBe('No wrap-up reasons yet: an admin adds them with `desk admin wrapup add REASON`.');
    expect(d.fake.sent()).toEqual([]);
  });

  it('sends nothing when the picker is backed out of', async () => {
    const d = desk(...onChat());
    await d.press('e', 'escape');
    expect(d.state().modal.kind).toBe('none');
    expect(d.fake.sent()).toEqual([]);
    expect(d.state().chats.get(7)?.state).toBe('active');
  });

  it('keeps the chat active and shows the refusal when ending fails', async () => {
    const d = desk(...onChat());
    d.fake.fail('end', refused('forbidden', 'only the owner can end chat 7'));
    await d.press('e', 'return');
    expect(d.flash()).toEqual({ text: 'only the owner can end chat 7', tone: 'error' });
    expect(d.state().chats.get(7)?.state).toBe('active');
    await d.press('x');
    expect(d.state().tabs).toEqual([7]);
  });

  it('ends the active tab and keeps the other chats', async () => {
    const d = desk(...onChat(activeChat(7)), ...onChat(activeChat(8)));
    await d.press('[', 'e', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'end', args: [7, 'Resolved'] }]);
    expect(d.state().chats.get(8)?.state).toBe('active');
  });
});
