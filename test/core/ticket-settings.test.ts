/** The ticket settings' values (core/settings.ts) and which status changes close a ticket. */
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/core/settings.js';
import { closesTicket } from '../../src/core/tickets.js';

describe('ticket settings', () => {
  it.each([
    ['tickets.default-reply', ' Internal ', 'internal'],
    ['tickets.default-reply', 'public', 'public'],
    ['tickets.timer-on-open', 'yes', 'on'],
    ['tickets.timer-on-open', 'OFF', 'off'],
    ['tickets.timer-on-close', 'Stop', 'stop'],
    ['tickets.timer-on-close', 'keep', 'keep'],
    ['tickets.timer-on-close', 'ask', 'ask'],
  ] as const)('%s takes %j as %j', (key, raw, stored) => {
    expect(SETTINGS[key].parse(raw)).toBe(stored);
  });

  it.each([
    ['tickets.default-reply', 'private', 'tickets.default-reply must be public or internal, got "private"'],
    ['tickets.timer-on-open', 'maybe', 'tickets.timer-on-open must be on or off, got "maybe"'],
    ['tickets.timer-on-close', 'pause', 'tickets.timer-on-close must be stop, keep or ask, got "pause"'],
  ] as const)('%s refuses %j', (key, raw, message) => {
    expect(() => SETTINGS[key].parse(raw)).toThrow(message);
  });

  it('defaults: public replies, no timer on open, ask on close', () => {
    expect(SETTINGS['tickets.default-reply'].defaultValue).toBe('public');
    expect(SETTINGS['tickets.timer-on-open'].defaultValue).toBe('off');
    expect(SETTINGS['tickets.timer-on-close'].defaultValue).toBe('ask');
  });
});

describe('closesTicket', () => {
  it.each([
    ['open', 'resolved', true],
    ['pending', 'closed', true],
    ['resolved', 'closed', true],
    ['closed', 'closed', false],
    ['resolved', 'resolved', false],
    ['closed', 'open', false],
    ['open', 'pending', false],
  ] as const)('%s → %s: %s', (before, after, closes) => {
    expect(closesTicket(before, after)).toBe(closes);
  });
});
