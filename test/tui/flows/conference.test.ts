/** Conferences from the TUI: invite a technician into the chat, and end the conference with one. */
import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/core/chat.js';
import { ME, activeChat, iso, NOW } from '../fixtures.js';
import { KIM, LEE, desk, onChat, refused } from './harness.js';

const withKim = (state: Chat['participants'][number]['state']): Chat =>
  activeChat(7, {
    participants: [
      { technician: { id: ME.id, name: ME.name }, role: 'owner', state: 'active' },
      { technician: { id: KIM.id, name: KIM.name }, role: 'conference', state },
    ],
  });

describe('conference flow', () => {
  it('offers only technicians who are not me and not in the chat', async () => {
    const d = desk(...onChat(withKim('active')));
    await d.press('c');
    const m = d.state().modal;
    expect(m).toMatchObject({ kind: 'picker', title: 'Invite to chat 7', purpose: { kind: 'conference', chatId: 7 } });
    expect(m.kind === 'picker' && m.options).toEqual([
      { label: 'Lee Chen', value: String(LEE.id), hint: 'technician' },
    ]);
  });

  it('offers a technician again once they have left', async () => {
    const d = desk(...onChat(withKim('left')));
    await d.press('c');
    const m = d.state().modal;
    expect(m.kind === 'picker' && m.options.map((o) => o.label)).toEqual(['Kim Park', 'Lee Chen']);
  });

  it('invites the chosen technician and shows them as invited', async () => {
    const d = desk(...onChat());
    await d.press('c', 'down', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'conference', args: [7, LEE.id] }]);
    expect(d.flash()).toEqual({ text: 'Invitation sent.', tone: 'ok' });
    expect(
      d
        .state()
        .chats.get(7)
        ?.participants.find((p) => p.technician.id === LEE.id),
    ).toMatchObject({
      role: 'conference',
      state: 'invited',
    });
  });

  it('invites from the composer with Ctrl-O', async () => {
    const d = desk(...onChat(), { type: 'composer.focus', focused: true });
    await d.press('ctrl+o', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'conference', args: [7, KIM.id] }]);
  });

  it('says there is nobody to invite when everyone is in the chat', async () => {
    const d = desk(...onChat(withKim('active')), {
      type: 'directory',
      directory: { technicians: [] },
    });
    await d.press('c');
    expect(d.state().modal.kind).toBe('none');
    expect(d.flash()).toEqual({ text: 'Nothing to choose from.', tone: 'error' });
    expect(d.fake.sent()).toEqual([]);
  });

  it('shows why an invitation was refused', async () => {
    const d = desk(...onChat());
    d.fake.fail('conference', refused('conflict', 'Kim Park is offline'));
    await d.press('c', 'return');
    expect(d.flash()).toEqual({ text: 'Kim Park is offline', tone: 'error' });
    expect(d.state().chats.get(7)?.participants).toHaveLength(1);
  });

  it('ends the conference with a member, listing members with their state', async () => {
    const d = desk(...onChat(withKim('invited')));
    d.fake.answer('endConference', (id) => ({ ...withKim('left'), id, updatedAt: iso(NOW) }));
    await d.press('C');
    const m = d.state().modal;
    expect(m).toMatchObject({ kind: 'picker', title: 'End the conference in chat 7 with' });
    expect(m.kind === 'picker' && m.options).toEqual([{ label: 'Kim Park', value: String(KIM.id), hint: 'invited' }]);
    await d.press('return');
    expect(d.fake.sent()).toEqual([{ method: 'endConference', args: [7, KIM.id] }]);
    expect(d.flash()).toEqual({ text: 'Conference ended.', tone: 'ok' });
    expect(
      d
        .state()
        .chats.get(7)
        ?.participants.find((p) => p.technician.id === KIM.id)?.state,
    ).toBe('left');
  });

  it('has no one to end the conference with when nobody was invited', async () => {
    const d = desk(...onChat());
    await d.press('C');
    expect(d.state().modal.kind).toBe('none');
    expect(d.flash()).toEqual({ text: 'Nothing to choose from.', tone: 'error' });
  });
});
