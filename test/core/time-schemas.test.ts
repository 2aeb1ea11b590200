/** The time API's request shapes: defaults, coercion of query strings, and what each refuses, by issue code and path. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  createTimeEntryInput,
  listTimeEntriesQuery,
  startTimerInput,
  stopTimerInput,
  timeReportQuery,
  updateTimeEntryInput,
} from '../../src/core/time-schemas.js';
import { ENTRY_MAX_MS, NOTE_MAX, RATE_MAX } from '../../src/core/time-entries.js';

/** The first issue of a failed parse: its code, where, and its message. */
function issue(schema: z.ZodMiniType, value: unknown): { code: string; path: PropertyKey[]; message: string } {
  const result = z.safeParse(schema, value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  const [first] = result.error.issues;
  return { code: first!.code, path: first!.path, message: first!.message };
}

describe('createTimeEntryInput', () => {
  it('defaults to billable and unforced, and trims the note', () => {
    expect(z.parse(createTimeEntryInput, { ticketId: 3, note: '  fixed the printer  ' })).toEqual({
      ticketId: 3,
      billable: true,
      force: false,
      note: 'fixed the printer',
    });
  });

  it('accepts ISO instants with an offset and the longest entry', () => {
    const input = { ticketId: 3, startedAt: '2024-03-10T09:00:00+01:00', durationMs: ENTRY_MAX_MS, rate: null };
    expect(z.parse(createTimeEntryInput, input)).toMatchObject(input);
  });

  it.each([
    ['no ticket', {}, 'invalid_type', ['ticketId']],
    ['a ticket id of zero', { ticketId: 0 }, 'too_small', ['ticketId']],
    ['a fractional ticket id', { ticketId: 1.5 }, 'invalid_type', ['ticketId']],
    ['a zero duration', { ticketId: 1, durationMs: 0 }, 'too_small', ['durationMs']],
    ['a duration over 31 days', { ticketId: 1, durationMs: ENTRY_MAX_MS + 1 }, 'too_big', ['durationMs']],
    ['a negative rate', { ticketId: 1, rate: -1 }, 'too_small', ['rate']],
    ['a rate over the highest', { ticketId: 1, rate: RATE_MAX + 1 }, 'too_big', ['rate']],
    ['a start that is not an instant', { ticketId: 1, startedAt: 'yesterday' }, 'invalid_format', ['startedAt']],
    ['an empty client id', { ticketId: 1, clientId: '' }, 'too_small', ['clientId']],
  ])('refuses %s', (_what, input, code, path) => {
    expect(issue(createTimeEntryInput, input)).toMatchObject({ code, path });
  });

  it('says how long a note may be', () => {
    expect(issue(createTimeEntryInput, { ticketId: 1, note: 'x'.repeat(NOTE_MAX + 1) })).toEqual({
      code: 'too_big',
      path: ['note'],
      message: `must be at most ${NOTE_MAX} characters`,
    });
  });
});

describe('updateTimeEntryInput', () => {
  it('takes any one change, a cleared note included', () => {
    expect(z.parse(updateTimeEntryInput, { note: null })).toEqual({ note: null, force: false });
    expect(z.parse(updateTimeEntryInput, { billable: false, force: true })).toEqual({ billable: false, force: true });
  });

  it.each([
    ['nothing', {}],
    ['only force', { force: true }],
  ])('refuses %s: nothing to change', (_what, input) => {
    expect(issue(updateTimeEntryInput, input)).toEqual({ code: 'custom', path: [], message: 'nothing to change' });
  });
});

describe('timer inputs', () => {
  it('default to unforced, and stopping to keeping the entry', () => {
    expect(z.parse(startTimerInput, { ticketId: 9 })).toEqual({ ticketId: 9, force: false });
    expect(z.parse(stopTimerInput, {})).toEqual({ force: false, discard: false });
  });

  it('refuses a timer without a ticket', () => {
    expect(issue(startTimerInput, {})).toMatchObject({ code: 'invalid_type', path: ['ticketId'] });
  });
});

describe('listTimeEntriesQuery', () => {
  it('reads query strings: numbers, me, true and false, with a default limit', () => {
    expect(z.parse(listTimeEntriesQuery, { ticket: '12', technician: 'me', billable: 'false' })).toEqual({
      ticket: 12,
      technician: 'me',
      billable: false,
      limit: 100,
    });
    expect(z.parse(listTimeEntriesQuery, { technician: '4', billable: true, limit: '1000' })).toMatchObject({
      technician: 4,
      billable: true,
      limit: 1000,
    });
  });

  it.each([
    ['a limit over 1000', { limit: '1001' }, ['limit']],
    ['a limit of zero', { limit: '0' }, ['limit']],
    ['a technician who is neither me nor an id', { technician: 'you' }, ['technician']],
    ['billable that is not true or false', { billable: 'yes' }, ['billable']],
    ['a ticket that is not a number', { ticket: 'abc' }, ['ticket']],
  ])('refuses %s', (_what, input, path) => {
    expect(issue(listTimeEntriesQuery, input).path).toEqual(path);
  });
});

describe('timeReportQuery', () => {
  it('counts days in UTC unless told a time zone', () => {
    expect(z.parse(timeReportQuery, {})).toEqual({ tz: 'UTC' });
    expect(z.parse(timeReportQuery, { tz: 'Europe/Paris' })).toEqual({ tz: 'Europe/Paris' });
  });

  it('refuses an empty time zone', () => {
    expect(issue(timeReportQuery, { tz: '' })).toMatchObject({ code: 'too_small', path: ['tz'] });
  });
});
