import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/tui/reducer.js';
import { draftCount, queueRows, selectedQueueRow } from '../../src/tui/select.js';
import { COMPOSER_MAX } from '../../src/core/composer.js';
import { activeChat, chat, event, iso, message, ME, NOW, presence, stateWith, ticket } from './fixtures.js';

describe('tui reducer: server events', () => {
  it('shows an offer to me with its countdown, newest offer first and selected', () => {
    const s = stateWith(
      { type: 'event', event: event('chat.requested', { chat: chat(1) }) },
      { type: 'event', event: event('chat.requested', { chat: chat(2) }) },
      {
        type: 'event',
        event: event(
          'chat.offered',
          {
            chat: chat(1, { state: 'offered', offeredTo: { id: ME.id, name: ME.name } }),
            offer: { technicianId: ME.id, expiresAt: iso(NOW + 120_000) },
          },
          NOW - 5000,
        ),
      },
      {
        type: 'event',
        event: event(
          'chat.offered',
          {
            chat: chat(2, { state: 'offered', offeredTo: { id: ME.id, name: ME.name } }),
            offer: { technicianId: ME.id, expiresAt: iso(NOW + 90_000) },
          },
          NOW,
        ),
      },
    );
    const rows = queueRows(s);
    expect(rows.map((r) => r.chat.id)).toEqual([2, 1]);
    expect(rows[0]!.invitation).toMatchObject({ kind: 'offer', expiresAt: NOW + 90_000 });
    expect(selectedQueueRow(s)?.chat.id).toBe(2);
  });

  it('ignores offers made to other technicians', () => {
    const s = stateWith({
      type: 'event',
      event: event('chat.offered', {
        chat: chat(1, { state: 'offered', offeredTo: { id: 99, name: 'Other' } }),
        offer: { technicianId: 99, expiresAt: iso(NOW + 1000) },
      }),
    });
    expect(queueRows(s)).toHaveLength(0);
  });

  it('drops my offers when I go to RONA, and shows RONA', () => {
    let s = stateWith({
      type: 'event',
      event: event('chat.offered', {
        chat: chat(1, { state: 'offered', offeredTo: { id: ME.id, name: ME.name } }),
        offer: { technicianId: ME.id, expiresAt: iso(NOW + 1000) },
      }),
    });
    expect(s.invitations.size).toBe(1);
    s = reduce(s, { type: 'event', event: event('technician.status', { presence: presence('rona') }) });
    expect(s.presence?.state).toBe('rona');
    expect(s.invitations.size).toBe(0);
  });

  it('opens a tab for a chat I own, appends messages once, in order', () => {
    const m1 = message(1, 'first');
    const m2 = message(1, 'second');
    let s = stateWith({ type: 'event', event: event('chat.updated', { chat: activeChat(1) }) });
    expect(s.tabs).toEqual([1]);
    s = reduce(s, { type: 'event', event: event('chat.message', { message: m2 }) });
    s = reduce(s, { type: 'event', event: event('chat.message', { message: m2 }) });
    s = reduce(s, {
      type: 'transcript.loaded',
      detail: {
        ...activeChat(1),
        origin: { ip: null, os: null, device: null, client: null, clientVersion: null },
        wrapup: null,
        endedBy: null,
        transfer: null,
        messages: [m1, m2],
        seq: 5,
      },
    });
    expect(s.transcripts.get(1)?.messages.map((m) => m.body)).toEqual(['first', 'second']);
    expect(s.transcripts.get(1)?.loaded).toBe(true);
  });

  it('shows a transfer to me with its note, and drops it when it is answered', () => {
    const other = { id: 9, name: 'Priya Shah' };
    const owned = activeChat(4, { owner: other, transferPending: true, updatedAt: iso(NOW) });
    const transfer = {
      id: 1,
      from: other,
      toTechnician: { id: ME.id, name: ME.name },
      toQueue: null,
      note: 'VPN, call +447966197542',
      reason: 'Escalated',
      state: 'pending',
      createdAt: iso(NOW),
      expiresAt: iso(NOW + 60_000),
    };
    let s = stateWith({ type: 'event', event: event('chat.transfer', { chatId: 4, chat: owned, transfer }) });
    expect(queueRows(s)[0]?.invitation).toMatchObject({
      kind: 'transfer',
      from: 'Priya Shah',
      expiresAt: NOW + 60_000,
    });
    s = reduce(s, {
      type: 'event',
      event: event('chat.updated', { chat: { ...owned, transferPending: false, updatedAt: iso(NOW + 1000) } }),
    });
    expect(s.invitations.size).toBe(0);
  });

  it('shows a conference invitation to me', () => {
    const c = activeChat(5, {
      owner: { id: 9, name: 'Priya Shah' },
      participants: [
        { technician: { id: 9, name: 'Priya Shah' }, role: 'owner', state: 'active' },
        { technician: { id: ME.id, name: ME.name }, role: 'conference', state: 'invited' },
      ],
    });
    const s = stateWith({ type: 'event', event: event('chat.conference', { chatId: 5, chat: c }) });
    expect(queueRows(s)[0]?.invitation).toMatchObject({ kind: 'conference', from: 'Priya Shah' });
    expect(s.tabs).toEqual([]);
  });

  it('puts a request whose offer lapsed with nobody left back in the queue', () => {
    let s = stateWith({
      type: 'event',
      event: event('chat.offered', {
        chat: chat(1, { state: 'offered', offeredTo: { id: ME.id, name: ME.name } }),
        offer: { technicianId: ME.id, expiresAt: iso(NOW + 1000) },
      }),
    });
    s = reduce(s, { type: 'event', event: event('technician.status', { presence: presence('rona') }) });
    s = reduce(s, { type: 'event', event: event('chat.busy', { chatId: 1, text: 'busy' }) });
    expect(queueRows(s).map((r) => [r.chat.id, r.invitation])).toEqual([[1, null]]);
  });

  it('keeps the newer version of a chat when an older one arrives late', () => {
    const newer = activeChat(1, { updatedAt: iso(NOW) });
    const older = chat(1, { state: 'offered', updatedAt: iso(NOW - 10_000) });
    let s = stateWith({ type: 'chat.upsert', chat: newer });
    s = reduce(s, { type: 'event', event: event('chat.updated', { chat: older }) });
    expect(s.chats.get(1)?.state).toBe('active');
  });

  it('follows my timer and ignores other technicians’ timers', () => {
    const timer = {
      technician: { id: ME.id, name: ME.name },
      ticket: { id: 7, title: 'x' },
      company: { id: 1, name: 'c' },
      state: 'running' as const,
      startedAt: iso(NOW),
      runningSince: iso(NOW),
      accumulatedMs: 0,
      elapsedMs: 0,
      segments: [{ start: iso(NOW), end: null }],
    };
    let s = stateWith({ type: 'event', event: event('time.timer.started', { technicianId: 99, timer }) });
    expect(s.timer).toBeNull();
    s = reduce(s, { type: 'event', event: event('time.timer.started', { technicianId: ME.id, timer }) });
    expect(s.timer?.ticket.id).toBe(7);
    s = reduce(s, { type: 'event', event: event('time.timer.stopped', { technicianId: ME.id, timer: null }) });
    expect(s.timer).toBeNull();
  });

  it('keeps the ticket list in step with its filter', () => {
    let s = stateWith({ type: 'tickets.loaded', items: [ticket(1)], nextCursor: null, append: false });
    s = reduce(s, { type: 'event', event: event('ticket.created', { ticket: ticket(2, { createdAt: iso(NOW) }) }) });
    s = reduce(s, { type: 'event', event: event('ticket.created', { ticket: ticket(3, { assignee: null }) }) });
    expect(s.tickets.items.map((t) => t.id)).toEqual([2, 1]);
    s = reduce(s, {
      type: 'event',
      event: event('ticket.updated', { ticket: ticket(1, { status: 'closed', updatedAt: iso(NOW) }) }),
    });
    expect(s.tickets.items.map((t) => t.id)).toEqual([2]);
  });
});

describe('tui reducer: the composer', () => {
  const open = () =>
    stateWith({ type: 'chat.upsert', chat: activeChat(1) }, { type: 'chat.open', chatId: 1, compose: true });

  it('refuses < and > as they are typed, saying why', () => {
    const s = reduce(open(), { type: 'composer.edit', edit: { op: 'insert', text: 'a<b>c' } });
    expect(s.drafts.get(1)?.text).toBe('abc');
    expect(s.composerRefused).toMatch(/may not contain < or >/);
  });

  it('takes 1000 characters and refuses the 1001st', () => {
    let s = reduce(open(), { type: 'composer.edit', edit: { op: 'insert', text: 'x'.repeat(COMPOSER_MAX) } });
    expect(s.composerRefused).toBeNull();
    s = reduce(s, { type: 'composer.edit', edit: { op: 'insert', text: 'y' } });
    expect(s.drafts.get(1)?.text).toBe('x'.repeat(COMPOSER_MAX));
    expect(s.composerRefused).toMatch(/limit is 1000/);
  });

  it('counts an emoji made of several code points as one character', () => {
    let s = reduce(open(), { type: 'composer.edit', edit: { op: 'insert', text: 'x'.repeat(COMPOSER_MAX - 1) } });
    s = reduce(s, { type: 'composer.edit', edit: { op: 'insert', text: '👨‍👩‍👧' } });
    expect(s.composerRefused).toBeNull();
    expect(s.drafts.get(1)?.text.endsWith('👨‍👩‍👧')).toBe(true);
  });

  it('strips escape sequences from pasted text and edits at the cursor', () => {
    let s = reduce(open(), { type: 'composer.edit', edit: { op: 'insert', text: 'ab\x1b[31mcd' } });
    expect(s.drafts.get(1)?.text).toBe('abcd');
    s = reduce(s, { type: 'composer.edit', edit: { op: 'left' } });
    s = reduce(s, { type: 'composer.edit', edit: { op: 'backspace' } });
    expect(s.drafts.get(1)?.text).toBe('abd');
  });

  it('clears the draft only when what was sent is still the draft', () => {
    let s = reduce(open(), { type: 'composer.edit', edit: { op: 'insert', text: 'hello' } });
    expect(draftCount(s)).toBe(1);
    s = reduce(s, { type: 'composer.sent', chatId: 1, text: 'hel' });
    expect(s.drafts.get(1)?.text).toBe('hello');
    s = reduce(s, { type: 'composer.sent', chatId: 1, text: 'hello' });
    expect(draftCount(s)).toBe(0);
  });
});
