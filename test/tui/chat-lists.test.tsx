/**
 * What the queue, the chat header and the technician picker show: the customer's first message,
 * countdowns that fit beside the chat at 120 columns (transfers, conference invitations, my
 * invitations to customers), the queue's view and order, when an ended chat ended, a handed-over
 * chat, and technicians' availability in the picker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Presence } from '../../src/core/chat.js';
import { App } from '../../src/tui/components/App.js';
import { ChatPane } from '../../src/tui/components/ChatPane.js';
import { PickerView } from '../../src/tui/components/Modals.js';
import { QueuePane } from '../../src/tui/components/QueuePane.js';
import { Controller } from '../../src/tui/controller.js';
import type { Action } from '../../src/tui/reducer.js';
import type { Modal } from '../../src/tui/state.js';
import { hhmm } from '../../src/tui/text.js';
import { ME, NOW, activeChat, chat, event, iso, lines, renderTui, stateWith } from './fixtures.js';
import { DIRECTORY, KIM } from './flows/harness.js';

afterEach(() => cleanup());

const transferToMe = (expiresIn: number): Action => {
  const other = { id: 9, name: 'Priya Shah' };
  const owned = activeChat(4, {
    owner: other,
    transferPending: true,
    updatedAt: iso(NOW),
    contact: { id: 14, name: 'Melissa Grant', email: 'melissa@gmail.com' },
  });
  const transfer = {
    id: 1,
    from: other,
    toTechnician: { id: ME.id, name: ME.name },
    toQueue: null,
    note: null,
    reason: 'Escalated',
    state: 'pending',
    createdAt: iso(NOW),
    expiresAt: iso(NOW + expiresIn),
  };
  return { type: 'event', event: event('chat.transfer', { chatId: 4, chat: owned, transfer }) };
};

describe('the queue', () => {
  it('shows the transfer countdown whole beside the chat at 120 columns', () => {
    const controller = new Controller({ store: undefined as never, exit: () => undefined });
    const r = renderTui(
      <App controller={controller} size={{ columns: 120, rows: 30 }} />,
      stateWith(transferToMe(105_000)),
    );
    const row = lines(r.lastFrame()).find((l) => l.startsWith('▸'));
    expect(row).toMatch(/▸ TRANSFER 1:45 +Melissa/);
  });

  it("shows the selected request's first message, masked and on one line", () => {
    const s = stateWith({
      type: 'chat.upsert',
      chat: chat(1, { preview: 'My card 4111 1111 1111 1111\nis declined' }),
    });
    const frame = renderTui(<QueuePane width={80} height={12} focused />, s).lastFrame()!;
    expect(frame).toMatch(/First message: “My card \*+1111 is declined”/);
    expect(frame).not.toContain('4111 1111');
  });

  it('says when the customer has not written yet', () => {
    const frame = renderTui(
      <QueuePane width={80} height={12} focused />,
      stateWith({ type: 'chat.upsert', chat: chat(1) }),
    ).lastFrame()!;
    expect(frame).toContain('No message from the customer yet.');
  });

  it('counts down a conference invitation by the queue offer timeout', () => {
    const invited = activeChat(5, {
      owner: { id: KIM.id, name: KIM.name },
      participants: [
        { technician: { id: KIM.id, name: KIM.name }, role: 'owner', state: 'active' },
        { technician: { id: ME.id, name: ME.name }, role: 'conference', state: 'invited' },
      ],
    });
    const s = stateWith(DIRECTORY, {
      type: 'event',
      event: event('chat.conference', { chatId: 5, chat: invited }, NOW - 10_000),
    });
    // The default queue's offer timeout is 30 s (harness): 20 s are left.
    expect(renderTui(<QueuePane width={80} height={12} focused />, s).lastFrame()).toMatch(/▸ CONFER 0:20 /);
  });

  it('lists my invitation to a customer with the time they have left to accept', () => {
    const mine = chat(6, {
      state: 'offered',
      initiatedBy: 'technician',
      owner: { id: ME.id, name: ME.name },
      requestedAt: iso(NOW - 30_000),
    });
    const s = stateWith({ type: 'chat.upsert', chat: mine });
    const frame = renderTui(<QueuePane width={80} height={12} focused />, s).lastFrame()!;
    expect(frame).toMatch(/▸ INVITED 1:30 +Customer 6/);
    expect(frame).toContain('waiting for them to accept');
  });

  it('names the view and the order in its title', () => {
    const s = stateWith({ type: 'queue.filter', filter: 'completed' }, { type: 'queue.sort', sort: 'company' });
    const frame = renderTui(<QueuePane width={80} height={12} focused />, s).lastFrame()!;
    expect(lines(frame)[0]).toMatch(/^Queue +All +New +Active +Completed +0 for you · 0 listed/);
    expect(lines(frame)[1]).toMatch(/Customer \/ company \/ queue +by company$/);
    expect(frame).toContain('No completed chats.');
  });
});

describe('the chat header', () => {
  it('says when an ended chat ended', () => {
    const ended = activeChat(7, { state: 'ended', endedAt: iso(NOW - 60_000), updatedAt: iso(NOW) });
    const s = stateWith(
      { type: 'chat.upsert', chat: activeChat(7) },
      { type: 'chat.open', chatId: 7, compose: false },
      {
        type: 'chat.upsert',
        chat: ended,
      },
    );
    const frame = renderTui(<ChatPane width={100} height={14} focused />, s).lastFrame()!;
    expect(lines(frame)[1]).toContain(`ended at ${hhmm(iso(NOW - 60_000))} (from ${hhmm(iso(NOW - 30_000))})`);
  });

  it('shows a handed-over chat as such, its composer read-only', () => {
    const handed = activeChat(7, {
      owner: { id: KIM.id, name: KIM.name },
      updatedAt: iso(NOW),
      participants: [{ technician: { id: KIM.id, name: KIM.name }, role: 'owner', state: 'active' }],
    });
    const s = stateWith(
      { type: 'chat.upsert', chat: activeChat(7) },
      { type: 'chat.open', chatId: 7, compose: false },
      {
        type: 'chat.upsert',
        chat: handed,
      },
    );
    const frame = renderTui(<ChatPane width={100} height={14} focused />, s).lastFrame()!;
    expect(lines(frame)[0]).toContain('#7 Customer (handed over)');
    expect(lines(frame)[1]).toMatch(/^handed over to Kim Park/);
    expect(frame).toContain('Chat 7 was handed over to Kim Park: it is read-only here; x closes the tab.');
  });
});

describe('the technician picker', () => {
  it('shows availability and load, marks who cannot be chosen, and what was typed', () => {
    const p = (state: Presence['state']): string => state;
    const modal: Modal = {
      kind: 'picker',
      title: 'Transfer chat 7 to',
      selected: 0,
      filter: 'ee',
      purpose: { kind: 'transfer-target', chatId: 7 },
      options: [
        { label: 'Lee Chen', value: 't:4', hint: `Available · 1/3 chats` },
        { label: 'Kim Park', value: 't:3', hint: `${p('offline')} · 0/3 chats`, disabled: 'Kim Park is Offline.' },
        { label: 'default', value: 'q:default', hint: 'queue (offer)' },
      ],
    };
    const frame = renderTui(<PickerView modal={modal} width={80} height={8} />, stateWith()).lastFrame()!;
    const ls = lines(frame);
    expect(ls[1]).toMatch(/^Find: ee/);
    expect(ls[2]).toMatch(/^▸ Lee Chen +Available · 1\/3 chats/);
    expect(frame).not.toContain('Kim Park');
    expect(ls.at(-1)).toContain('type to filter');
  });

  it('marks an Offline technician as one that cannot be chosen', () => {
    const modal: Modal = {
      kind: 'picker',
      title: 'Invite to chat 7',
      selected: 0,
      filter: '',
      purpose: { kind: 'conference', chatId: 7 },
      options: [{ label: 'Kim Park', value: '3', hint: 'Offline · 0/3 chats', disabled: 'Kim Park is Offline.' }],
    };
    const frame = renderTui(<PickerView modal={modal} width={80} height={6} />, stateWith()).lastFrame()!;
    expect(frame).toMatch(/Kim Park +Offline · 0\/3 chats +\(cannot be chosen\)/);
  });
});
