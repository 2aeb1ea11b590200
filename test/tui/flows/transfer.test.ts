/** Transferring a chat from the TUI: target picker, wrap-up reason, optional note, then one request. */
import { describe, expect, it } from 'vitest';
import { activeChat } from '../fixtures.js';
import { DIRECTORY, desk, onChat, refused } from './harness.js';

describe('transfer flow', () => {
  it('lists the other technicians, then the queues, as targets', async () => {
    const d = desk(...onChat());
    await d.press('t');
    const m = d.state().modal;
    expect(m).toMatchObject({
      kind: 'picker',
      title: 'Transfer chat 7 to',
      purpose: { kind: 'transfer-target', chatId: 7 },
    });
    if (m.kind !== 'picker') throw new Error('no picker');
    expect(m.options.map((o) => [o.label, o.value, o.hint])).toEqual([
      ['Kim Park', 't:3', 'technician'],
      ['Lee Chen', 't:4', 'technician'],
      ['default', 'q:default', 'queue (offer)'],
      ['billing', 'q:billing', 'queue (pick)'],
    ]);
    expect(d.fake.sent()).toEqual([]);
  });

  it('sends the technician, the wrap-up reason and the note, and says the chat stays mine', async () => {
    const d = desk(...onChat());
    await d.press('t', 'down', 'return'); // Lee Chen
    expect(d.state().modal).toMatchObject({
      kind: 'picker',
      title: 'Wrap-up reason for the transfer',
      purpose: { kind: 'transfer-reason', chatId: 7, target: 't:4' },
    });
    await d.press('down', 'return'); // Handed over
    expect(d.state().modal).toMatchObject({
      kind: 'prompt',
      title: 'Note for the new technician (optional)',
      max: 345,
      purpose: { kind: 'transfer-note', chatId: 7, target: 't:4', reason: 'Handed over' },
    });
    await d.type('  Printer on floor 3, driver reinstalled  ');
    await d.press('return');
    expect(d.fake.sent()).toEqual([
      {
        method: 'transfer',
        args: [7, { toTechnicianId: 4, reason: 'Handed over', note: 'Printer on floor 3, driver reinstalled' }],
      },
    ]);
    expect(d.state().modal.kind).toBe('none');
    expect(d.state().chats.get(7)?.transferPending).toBe(true);
    expect(d.flash()).toEqual({ text: 'Transfer of chat 7 asked; it stays yours until accepted.', tone: 'ok' });
    // The chat is still open in its tab.
    expect(d.state().tabs).toEqual([7]);
  });

  it('sends a queue target without a note when the note is left empty', async () => {
    const d = desk(...onChat());
    await d.press('t', 'end', 'return', 'return');
    await d.type('   ');
    await d.press('return');
    expect(d.fake.sent()).toEqual([{ method: 'transfer', args: [7, { toQueue: 'billing', reason: 'Resolved' }] }]);
  });

  it('starts from the composer with Ctrl-T, keeping the draft', async () => {
    const d = desk(...onChat(), { type: 'composer.focus', focused: true });
    await d.type('half a sentence');
    await d.press('ctrl+t');
    expect(d.state().modal).toMatchObject({ kind: 'picker', purpose: { kind: 'transfer-target', chatId: 7 } });
    await d.press('return', 'return', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'transfer', args: [7, { toTechnicianId: 3, reason: 'Resolved' }] }]);
    expect(d.state().drafts.get(7)?.text).toBe('half a sentence');
  });

  it.each([
    ['the target picker', ['t']],
    ['the wrap-up picker', ['t', 'return']],
    ['the note prompt', ['t', 'return', 'return']],
  ])('sends nothing when backed out of at %s', async (_step, keys) => {
    const d = desk(...onChat());
    await d.press(...keys, 'escape');
    expect(d.state().modal.kind).toBe('none');
    expect(d.fake.sent()).toEqual([]);
  });

  it('says an admin must add wrap-up reasons when there are none, and sends nothing', async () => {
    const d = desk(...onChat(), { type: 'directory', directory: { wrapups: [] } });
    await d.press('t', 'return');
    expect(d.state().modal.kind).toBe('none');
    expect(d.flash()).toEqual({
      text: 'No wrap-up reasons yet: an admin adds them with `desk admin wrapup add REASON`.',
      tone: 'error',
    });
    expect(d.fake.sent()).toEqual([]);
  });

  it('says there is nowhere to transfer to when I am the only technician and there are no queues', async () => {
    const d = desk(...onChat(), { type: 'directory', directory: { technicians: [], queues: [] } });
    await d.press('t');
    expect(d.state().modal.kind).toBe('none');
    expect(d.flash()).toEqual({ text: 'Nothing to choose from.', tone: 'error' });
  });

  it('shows the refusal and its hint, and the chat is not marked as transferring', async () => {
    const d = desk(...onChat());
    d.fake.fail('transfer', refused('conflict', 'chat 7 already has a transfer pending', 'wait for Kim to answer'));
    await d.press('t', 'return', 'return', 'return');
    expect(d.fake.sent().map((c) => c.method)).toEqual(['transfer']);
    expect(d.flash()).toEqual({
      text: 'chat 7 already has a transfer pending (wait for Kim to answer)',
      tone: 'error',
    });
    expect(d.state().chats.get(7)?.transferPending).toBe(false);
  });

  it('needs an open chat', async () => {
    const d = desk({ type: 'focus', pane: 'chat' }, DIRECTORY);
    await d.press('t');
    expect(d.state().modal.kind).toBe('none');
    expect(d.flash()).toEqual({ text: 'No chat open: accept one in the queue (1).', tone: 'info' });
  });

  it('transfers the active tab, not the first one', async () => {
    const d = desk(...onChat(activeChat(7)), ...onChat(activeChat(8)));
    await d.press('t', 'return', 'return', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'transfer', args: [8, { toTechnicianId: 3, reason: 'Resolved' }] }]);
  });
});
