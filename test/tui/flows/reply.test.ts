/**
 * Writing from the TUI: sending the composer's draft into a chat (once, with a client id kept across
 * retries) and replying or adding a note on the open ticket.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/core/chat.js';
import type { TicketDetail } from '../../../src/core/ticket-detail.js';
import { activeChat, detail, ticket } from '../fixtures.js';
import { desk, onChat, refused, type Desk } from './harness.js';

/** The chat pane on chat 7 with the composer focused. */
const composing = () => desk(...onChat(), { type: 'composer.focus', focused: true });

/** A client id as the TUI makes one. */
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const bodies = (d: Desk, chatId = 7) =>
  d
    .state()
    .transcripts.get(chatId)
    ?.messages.map((m) => m.body) ?? [];

describe('sending a chat message', () => {
  it('sends the draft, shows it in the transcript and empties the composer', async () => {
    const d = composing();
    await d.type('Have you tried turning it off');
    await d.press('ctrl+j');
    await d.type('and on again?');
    await d.press('return');
    const [call, ...more] = d.fake.sent();
    expect(more).toEqual([]);
    expect(call).toEqual({ method: 'send', args: [7, 'Have you tried turning it off\nand on again?', UUID] });
    expect(bodies(d)).toEqual(['Have you tried turning it off\nand on again?']);
    expect(d.state().drafts.has(7)).toBe(false);
    expect(d.state().composerFocused).toBe(true);
    expect(d.flash()).toBeNull();
  });

  it('opens the composer with i, so letters type instead of acting', async () => {
    const d = desk(...onChat());
    await d.press('i', 't', 'e');
    expect(d.state().modal.kind).toBe('none');
    expect(d.state().drafts.get(7)?.text).toBe('te');
    expect(d.fake.sent()).toEqual([]);
  });

  it('refuses a blank message without sending it', async () => {
    const d = composing();
    await d.type('   ');
    await d.press('return');
    expect(d.fake.sent()).toEqual([]);
    expect(d.flash()).toEqual({ text: 'The message is empty.', tone: 'error' });
  });

  it('keeps the draft when the send fails, and a retry reuses its client id so the server stores it once', async () => {
    const d = composing();
    d.fake.fail('send', refused('unreachable', 'cannot reach the server', 'check DESK_SERVER'));
    await d.type('Back in a minute');
    await d.press('return');
    expect(d.flash()).toEqual({ text: 'cannot reach the server (check DESK_SERVER)', tone: 'error' });
    expect(d.state().drafts.get(7)?.text).toBe('Back in a minute');
    expect(bodies(d)).toEqual([]);
    expect(d.state().sending.has(7)).toBe(false);

    d.fake.answer('send', (chatId, body, clientId) => sent(chatId, body, clientId));
    await d.press('return');
    const [first, second] = d.fake.sent();
    expect(second?.args).toEqual(first?.args);
    expect(bodies(d)).toEqual(['Back in a minute']);
    expect(d.state().drafts.has(7)).toBe(false);
  });

  it('uses a new client id once the text changed after a failure', async () => {
    const d = composing();
    d.fake.fail('send', refused('unreachable', 'cannot reach the server'));
    await d.type('one');
    await d.press('return');
    d.fake.answer('send', (chatId, body, clientId) => sent(chatId, body, clientId));
    await d.type(' two');
    await d.press('return');
    const [first, second] = d.fake.sent();
    expect(second?.args.slice(0, 2)).toEqual([7, 'one two']);
    expect(second?.args[2]).not.toBe(first?.args[2]);
  });

  it('sends once when Enter is pressed again while the first send is in flight', async () => {
    const d = composing();
    let answer: (m: ChatMessage) => void = () => undefined;
    d.fake.answer('send', () => new Promise<ChatMessage>((resolve) => (answer = resolve)));
    await d.type('only once');
    await d.press('return', 'return');
    expect(d.state().sending.has(7)).toBe(true);
    expect(d.fake.sent().map((c) => c.method)).toEqual(['send']);
    answer(sent(7, 'only once', String(d.fake.sent()[0]?.args[2])));
    await d.settle();
    expect(d.state().sending.has(7)).toBe(false);
    expect(bodies(d)).toEqual(['only once']);
  });

  it('keeps what was typed while the send was in flight', async () => {
    const d = composing();
    let answer: (m: ChatMessage) => void = () => undefined;
    d.fake.answer('send', () => new Promise<ChatMessage>((resolve) => (answer = resolve)));
    await d.type('first');
    await d.press('return');
    await d.type(' and more');
    answer(sent(7, 'first', 'c-1'));
    await d.settle();
    expect(bodies(d)).toEqual(['first']);
    expect(d.state().drafts.get(7)?.text).toBe('first and more');
  });

  it('will not open the composer on an ended chat', async () => {
    const d = desk(...onChat(activeChat(7, { state: 'ended' })));
    await d.press('i');
    expect(d.state().composerFocused).toBe(false);
    expect(d.flash()).toEqual({ text: 'Chat 7 is ended: nothing more can be sent.', tone: 'info' });
  });
});

function sent(chatId: number, body: string, clientId: string): ChatMessage {
  return {
    id: 777,
    chatId,
    author: { kind: 'technician', id: 2, name: 'Sam Rivera' },
    body,
    internal: false,
    file: null,
    clientId,
    createdAt: new Date(0).toISOString(),
  };
}

/** The tickets pane with ticket 5 open. */
const onTicket = () =>
  desk(
    { type: 'tickets.loaded', items: [ticket(5)], nextCursor: null, append: false },
    { type: 'focus', pane: 'tickets' },
    { type: 'ticket.open', id: 5 },
    { type: 'ticket.loaded', detail: detail(ticket(5), []) },
  );

describe('replying on a ticket', () => {
  it.each([
    ['r', 'reply', 'Public reply on #5', 'The requester sees this.', 'Reply sent.'],
    ['n', 'note', 'Internal note on #5', 'Technicians only; @name mentions a technician.', 'Note added.'],
  ] as const)(
    '%s writes a %s, sends it and shows the ticket as the server answers',
    async (k, kind, title, hint, done) => {
      const d = onTicket();
      await d.press(k);
      expect(d.state().modal).toMatchObject({
        kind: 'prompt',
        title,
        hint,
        multiline: true,
        purpose: { kind: 'comment', ticketId: 5, comment: kind },
      });
      await d.type('Line one');
      await d.press('ctrl+j');
      await d.type('Line two');
      await d.press('return');
      const [call, ...more] = d.fake.sent();
      expect(more).toEqual([]);
      expect(call).toEqual({ method: 'comment', args: [5, kind, 'Line one\nLine two', UUID] });
      expect(d.state().modal.kind).toBe('none');
      expect(d.flash()).toEqual({ text: done, tone: 'ok' });
      const shown = d.state().ticketView?.detail as TicketDetail;
      expect(shown.comments.map((c) => [c.kind, c.body])).toEqual([[kind, 'Line one\nLine two']]);
    },
  );

  it('sends nothing written', async () => {
    const d = onTicket();
    await d.press('r');
    await d.type('  ');
    await d.press('return');
    expect(d.fake.sent()).toEqual([]);
    expect(d.flash()).toEqual({ text: 'Nothing written: not sent.', tone: 'info' });
  });

  it('shows why a reply was refused and keeps the ticket as it was', async () => {
    const d = onTicket();
    d.fake.fail('comment', refused('invalid', 'ticket #5 is closed: reopen it to reply'));
    await d.press('r');
    await d.type('Anything else?');
    await d.press('return');
    expect(d.flash()).toEqual({ text: 'ticket #5 is closed: reopen it to reply', tone: 'error' });
    expect(d.state().ticketView?.detail?.comments).toEqual([]);
  });

  it('does nothing on the tickets list, where r reloads it', async () => {
    const d = desk(
      { type: 'tickets.loaded', items: [ticket(5)], nextCursor: null, append: false },
      { type: 'focus', pane: 'tickets' },
    );
    d.fake.answer('tickets', () => ({ items: [ticket(5)], nextCursor: null }));
    await d.press('r');
    expect(d.state().modal.kind).toBe('none');
    expect(d.fake.sent().map((c) => c.method)).toEqual(['tickets']);
  });
});
