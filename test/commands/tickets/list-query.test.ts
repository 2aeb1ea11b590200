/**
 * How `desk tickets list` builds its query from the parsed options (pure: no transport): the status
 * split into built-in statuses and one custom status, the filters that widen the statuses, and the
 * defaults. The flags as typed are tested through the command in list.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { listQuery, type ListOptions } from '../../../src/commands/tickets/list.js';

/** The query without its unset parameters. */
const query = (opts: ListOptions) =>
  Object.fromEntries(Object.entries(listQuery(opts)).filter(([, v]) => v !== undefined));

describe('the ticket list query', () => {
  it('asks for 30 tickets, sorted by the server’s default, with nothing else', () => {
    expect(query({})).toEqual({ limit: 30 });
  });

  it.each<[string, ListOptions, Record<string, unknown>]>([
    [
      'built-in statuses, in any case, comma-separated or repeated',
      { status: ['Open,pending', 'CLOSED'] },
      { status: 'open,pending,closed' },
    ],
    [
      'a built-in and a custom status',
      { status: ['open', 'Waiting on vendor'] },
      { status: 'open', customStatus: 'Waiting on vendor' },
    ],
    [
      'a custom status alone, over every status',
      { status: [' Waiting on vendor '] },
      { status: 'all', customStatus: 'Waiting on vendor' },
    ],
    ['all among statuses', { status: ['open,all'] }, { status: 'all' }],
    ['blank statuses, as if none were given', { status: [' ,'] }, {}],
    ['--spam alone, over every status', { spam: true }, { status: 'all', spam: 'true' }],
    ['--deleted alone, over every status', { deleted: true }, { status: 'all', deleted: 'true' }],
    ['--spam narrowed by --status', { spam: true, status: ['pending'] }, { status: 'pending', spam: 'true' }],
    ['--breached without widening the statuses', { breached: true }, { breached: 'true' }],
    ['sentiments lower-cased and joined', { sentiment: ['Negative', 'neutral'] }, { sentiment: 'negative,neutral' }],
    ['custom fields as JSON', { field: ['OS=Linux', 'Seats=5'] }, { fields: '{"OS":"Linux","Seats":"5"}' }],
    ['the assignee as me, none or an id', { assignee: ' 7 ' }, { assignee: 7 }],
    ['the sort key lower-cased', { sort: 'Priority' }, { sort: 'priority' }],
    [
      'priorities, types and activity statuses as lists',
      { priority: ['high,low'], type: ['request'], activity: ['unread'] },
      { priority: 'high,low', type: 'request', activity: 'unread' },
    ],
    ['the company as a number', { company: '12' }, { company: 12 }],
    [
      'the limit, search, tag and cursor as given',
      { limit: '500', search: 'toner', tag: 'printer', cursor: 'abc' },
      { limit: 500, search: 'toner', tag: 'printer', cursor: 'abc' },
    ],
  ])('takes %s', (_what, opts, expected) => {
    expect(query(opts)).toEqual({ limit: 30, ...expected });
  });

  it.each<[string, ListOptions, string]>([
    ['two custom statuses', { status: ['Vendor,Parts'] }, 'give at most one custom status to --status'],
    ['a limit of 0', { limit: '0' }, '--limit must be a whole number from 1 to 500'],
    ['a fractional limit', { limit: '2.5' }, '--limit must be a whole number from 1 to 500'],
    ['an unknown sort', { sort: 'age' }, 'unknown --sort "age" (valid: created, updated, priority, sla)'],
    [
      'an unknown activity status',
      { activity: ['seen'] },
      'unknown --activity "seen" (valid: unread, read, awaiting_requester_reply, awaiting_technician_reply)',
    ],
  ])('refuses %s', (_what, opts, message) => {
    expect(() => listQuery(opts)).toThrow(expect.objectContaining({ code: 'invalid', message }));
  });
});
