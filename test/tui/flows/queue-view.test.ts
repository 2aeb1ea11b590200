/**
 * The queue pane's views: New / Active / Completed / All (f), sorted by waiting time, customer or
 * company (s); and starting a chat with a contact (n), which waits in the queue until accepted.
 */
import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/core/chat.js';
import type { Contact } from '../../../src/core/schemas.js';
import { queueRows } from '../../../src/tui/select.js';
import type { State } from '../../../src/tui/state.js';
import { ME, NOW, activeChat, chat, iso } from '../fixtures.js';
import { desk, refused } from './harness.js';

const rows = (s: State) => queueRows(s).map((r) => r.chat.id);

const waitingFor = (id: number, name: string, company: string, waitedMs: number): Chat =>
  chat(id, {
    contact: { id: 10 + id, name, email: `c${id}@example.com` },
    company: { id, name: company },
    requestedAt: iso(NOW - waitedMs),
  });

describe('queue views', () => {
  it('cycles New → Active → Completed → All with f, loading the chats of each from the server', async () => {
    const d = desk(
      { type: 'chat.upsert', chat: waitingFor(1, 'Ann', 'Zeta', 60_000) },
      { type: 'chat.upsert', chat: activeChat(2) },
    );
    expect(d.state().queueFilter).toBe('new');
    expect(rows(d.state())).toEqual([1]);
    const ended = chat(3, { state: 'ended', endedAt: iso(NOW - 5000), owner: { id: 3, name: 'Kim Park' } });
    const othersActive = activeChat(4, { owner: { id: 3, name: 'Kim Park' }, participants: [] });
    d.fake.answer('requests', (filter) => ({
      items: filter === 'active' ? [othersActive] : filter === 'completed' ? [ended] : [ended, othersActive],
    }));
    await d.press('f');
    expect(d.state().queueFilter).toBe('active');
    expect(d.fake.sent()).toEqual([{ method: 'requests', args: ['active'] }]);
    expect(rows(d.state())).toEqual([2, 4]);
    await d.press('f');
    expect(rows(d.state())).toEqual([3]);
    await d.press('f');
    expect(d.state().queueFilter).toBe('all');
    expect(rows(d.state())).toEqual([1, 2, 3, 4]);
    await d.press('f');
    expect(d.state().queueFilter).toBe('new');
    expect(rows(d.state())).toEqual([1]);
    expect(d.fake.sent().map((c) => c.args[0])).toEqual(['active', 'completed', 'all']);
  });

  it('sorts by waiting time (longest first), customer, then company with s', async () => {
    const d = desk(
      { type: 'chat.upsert', chat: waitingFor(1, 'Cleo', 'Acme', 30_000) },
      { type: 'chat.upsert', chat: waitingFor(2, 'Ann', 'Zeta', 10_000) },
      { type: 'chat.upsert', chat: waitingFor(3, 'Bob', 'Mango', 90_000) },
    );
    expect(d.state().queueSort).toBe('wait');
    expect(rows(d.state())).toEqual([3, 1, 2]);
    await d.press('s');
    expect(rows(d.state())).toEqual([2, 3, 1]);
    await d.press('s');
    expect(d.state().queueSort).toBe('company');
    expect(rows(d.state())).toEqual([1, 3, 2]);
    await d.press('s');
    expect(rows(d.state())).toEqual([3, 1, 2]);
  });

  it('says why a filter could not load', async () => {
    const d = desk();
    d.fake.fail('requests', refused('forbidden', 'not allowed'));
    await d.press('f');
    await d.settle();
    expect(d.flash()).toEqual({ text: 'not allowed', tone: 'error' });
  });
});

const contact = (id: number, name: string, company: string): Contact => ({
  id,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
  phone: null,
  company: { id: 1, name: company },
  createdAt: iso(NOW),
});

describe('starting a chat with a contact', () => {
  it('finds the contact as you type, sends the first message, and shows the invitation waiting', async () => {
    const d = desk();
    d.fake.answer('contacts', () => [contact(21, 'Melissa Grant', 'Northwind'), contact(22, 'Omar Haddad', 'Contoso')]);
    d.fake.answer('startChat', (contactId) => ({
      chat: chat(30, {
        state: 'offered',
        initiatedBy: 'technician',
        owner: { id: ME.id, name: ME.name },
        contact: { id: contactId, name: 'Omar Haddad', email: 'omar@example.com' },
        requestedAt: iso(NOW),
        updatedAt: iso(NOW),
      }),
      reused: false,
    }));
    await d.press('n');
    expect(d.state().modal).toMatchObject({ kind: 'picker', title: 'Start a chat with', filter: '' });
    await d.press('o', 'm', 'a', 'r', 'return');
    expect(d.state().modal).toMatchObject({ kind: 'prompt', purpose: { kind: 'start-message', contactId: 22 } });
    await d.type('Hi Omar, about your printer');
    await d.press('return');
    const start = d.fake.sent().find((c) => c.method === 'startChat');
    expect(start?.args.slice(0, 1)).toEqual([22]);
    expect(start?.args[2]).toBe('Hi Omar, about your printer');
    expect(d.flash()).toEqual({
      text: 'Invited Omar Haddad to chat 30: they have 2:00 to accept (shown in the queue).',
      tone: 'ok',
    });
    const row = queueRows(d.state()).find((r) => r.chat.id === 30);
    expect(row).toMatchObject({ pending: true, invitation: null });
  });

  it('refuses a first message with < or > before sending', async () => {
    const d = desk();
    d.fake.answer('contacts', () => [contact(21, 'Melissa Grant', 'Northwind')]);
    await d.press('n', 'return');
    await d.type('<b>hi</b>');
    await d.press('return');
    expect(d.fake.sent().map((c) => c.method)).toEqual(['contacts']);
    expect(d.flash()?.tone).toBe('error');
  });
});
