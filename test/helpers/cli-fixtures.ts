/**
 * API answers for in-process CLI tests, shaped as the server sends them (the client validates
 * them with the same schemas): tickets, details, attachments, me, time entries and timers.
 */
import type { Me, Ticket } from '../../src/core/schemas.js';
import type { TicketDetail } from '../../src/core/ticket-detail.js';
import type { Attachment } from '../../src/core/ticket-properties.js';
import type { TimeEntry, Timer, TimerAction } from '../../src/core/time-schemas.js';

const AT = '2030-01-07T08:00:00.000Z';

export const acme = { id: 1, name: 'Acme' };
export const ada = { id: 1, name: 'Ada Admin' };
export const sam = { id: 2, name: 'Sam Tech' };

export function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 12,
    title: 'Printer jam',
    status: 'open',
    type: 'incident',
    priority: 'high',
    impact: 'none',
    activityStatus: 'unread',
    assignee: null,
    requester: { id: 5, name: 'Melissa Grant', email: 'melissa@gmail.com', phone: '+447966197542' },
    company: acme,
    tags: [],
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function detail(over: Partial<TicketDetail> = {}): TicketDetail {
  return { ...ticket(), comments: [], activity: [], ...over };
}

export function comment(id: number, kind: 'reply' | 'note', body: string): TicketDetail['comments'][number] {
  return { id, kind, author: { kind: 'technician', ...ada }, body, truncated: false, createdAt: AT };
}

export function attachment(over: Partial<Attachment> = {}): Attachment {
  return {
    id: 7,
    ticketId: 12,
    commentId: null,
    name: 'f.txt',
    mime: 'text/plain; charset=utf-8',
    size: 5,
    sha256: 'ab'.repeat(32),
    uploadedBy: ada,
    createdAt: AT,
    ...over,
  };
}

export function me(over: Partial<Me['technician']> = {}): Me {
  return {
    technician: {
      ...ada,
      email: 'ada@example.com',
      admin: true,
      canUnmask: false,
      openTickets: 0,
      createdAt: AT,
      ...over,
    },
    account: { id: 1, name: 'Acme Support' },
    tokenPrefix: 'dsk_test',
  };
}

export function entry(over: Partial<TimeEntry> = {}): TimeEntry {
  return {
    id: 30,
    ticket: { id: 12, title: 'Printer jam' },
    company: acme,
    technician: sam,
    startedAt: '2030-01-07T08:30:00.000Z',
    endedAt: '2030-01-07T10:00:00.000Z',
    durationMs: 90 * 60_000,
    rate: 90,
    billable: true,
    amount: 135,
    note: null,
    source: 'manual',
    createdBy: sam,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function timer(over: Partial<Timer> = {}): Timer {
  return {
    technician: sam,
    ticket: { id: 12, title: 'Printer jam' },
    company: acme,
    state: 'running',
    startedAt: '2030-01-07T08:35:00.000Z',
    runningSince: '2030-01-07T08:35:00.000Z',
    accumulatedMs: 0,
    elapsedMs: 25 * 60_000,
    segments: [{ start: '2030-01-07T08:35:00.000Z', end: null }],
    ...over,
  };
}

export function timerAction(over: Partial<TimerAction> = {}): TimerAction {
  return { timer: null, stopped: null, unchanged: false, ...over };
}
