/** Making the ticket of a chat from the TUI (chat → ticket), or renaming the one it has. */
import { describe, expect, it } from 'vitest';
import { activeChat } from '../fixtures.js';
import { desk, onChat, refused } from './harness.js';

describe('make-ticket flow', () => {
  it('makes the ticket at once for a chat without one, with no title', async () => {
    const d = desk(...onChat());
    await d.press('m');
    expect(d.state().modal.kind).toBe('none');
    expect(d.fake.sent()).toEqual([{ method: 'chatTicket', args: [7, undefined] }]);
    expect(d.flash()).toEqual({ text: 'Ticket #47 made from chat 7.', tone: 'ok' });
  });

  it('makes it from the composer with Ctrl-K without typing the letter into the draft', async () => {
    const d = desk(...onChat(), { type: 'composer.focus', focused: true });
    await d.press('ctrl+k');
    expect(d.fake.sent()).toEqual([{ method: 'chatTicket', args: [7, undefined] }]);
    expect(d.state().drafts.get(7)?.text ?? '').toBe('');
  });

  it('asks for a new title when the chat has a ticket, and renames it', async () => {
    const d = desk(...onChat(activeChat(7, { ticketId: 12 })));
    d.fake.answer('chatTicket', (_id, title) => ({ ticketId: 12, created: false, title: title ?? 'Old title' }));
    await d.press('m');
    expect(d.state().modal).toMatchObject({
      kind: 'prompt',
      title: 'Rename ticket #12',
      max: 300,
      multiline: false,
      purpose: { kind: 'chat-ticket', chatId: 7 },
    });
    expect(d.fake.sent()).toEqual([]);
    await d.type('  VPN drops every hour ');
    await d.press('return');
    expect(d.fake.sent()).toEqual([{ method: 'chatTicket', args: [7, 'VPN drops every hour'] }]);
    expect(d.flash()).toEqual({ text: 'Ticket #12: "VPN drops every hour".', tone: 'ok' });
  });

  it('keeps the title when the rename prompt is submitted empty', async () => {
    const d = desk(...onChat(activeChat(7, { ticketId: 12 })));
    d.fake.answer('chatTicket', () => ({ ticketId: 12, created: false, title: 'Old title' }));
    await d.press('m', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'chatTicket', args: [7, undefined] }]);
    expect(d.flash()).toEqual({ text: 'Ticket #12: "Old title".', tone: 'ok' });
  });

  it('sends nothing when the rename prompt is backed out of', async () => {
    const d = desk(...onChat(activeChat(7, { ticketId: 12 })));
    await d.press('m');
    await d.type('new');
    await d.press('escape');
    expect(d.fake.sent()).toEqual([]);
    expect(d.state().modal.kind).toBe('none');
  });

  it('shows why the ticket could not be made', async () => {
    const d = desk(...onChat());
    d.fake.fail('chatTicket', refused('forbidden', 'not allowed', 'only a technician in the chat can do this'));
    await d.press('m');
    expect(d.flash()).toEqual({ text: 'not allowed (only a technician in the chat can do this)', tone: 'error' });
  });
});
