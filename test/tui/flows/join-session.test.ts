/** Joining a running support session by its number from the TUI queue pane (J). */
import { describe, expect, it } from 'vitest';
import { activeChat } from '../fixtures.js';
import { desk, refused } from './harness.js';

describe('join-session flow', () => {
  it('asks for the number, joins as an assistant and opens the chat', async () => {
    const d = desk();
    const joined = activeChat(9, { owner: { id: 3, name: 'Kim Park' } });
    d.fake.answer('joinSession', () => joined);
    d.fake.answer('chat', () => ({
      ...joined,
      origin: { ip: null, os: null, device: null, client: null, clientVersion: null },
      wrapup: null,
      endedBy: null,
      transfer: null,
      messages: [],
      seq: 0,
    }));
    await d.press('J');
    expect(d.state().modal).toMatchObject({
      kind: 'prompt',
      title: 'Join a support session',
      purpose: { kind: 'join-session' },
    });
    await d.type('482 913 075');
    await d.press('return');
    // Joined, the chat opens in a tab and its transcript loads.
    expect(d.fake.sent()).toEqual([
      { method: 'joinSession', args: ['482913075'] },
      { method: 'chat', args: [9] },
    ]);
    expect(d.state().activeTab).toBe(9);
    expect(d.flash()).toEqual({ text: 'Joined chat 9 as an assistant: Kim Park has control.', tone: 'ok' });
  });

  it('refuses what is not a 9-digit number without asking the server', async () => {
    const d = desk();
    await d.press('J');
    await d.type('12345');
    await d.press('return');
    expect(d.fake.sent()).toEqual([]);
    expect(d.flash()).toEqual({ text: 'The session number is 9 digits, got "12345".', tone: 'error' });
  });

  it("shows the server's answer for a number that leads nowhere", async () => {
    const d = desk();
    d.fake.fail('joinSession', refused('not_found', 'an open support session with number 482913075 not found'));
    await d.press('J');
    await d.type('482913075');
    await d.press('return');
    expect(d.flash()?.text).toContain('an open support session with number 482913075');
    expect(d.state().activeTab).toBe(null);
  });
});
