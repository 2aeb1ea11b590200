/**
 * Account-wide settings an admin changes with `desk admin settings set KEY VALUE`.
 * Each key has a parser that checks a value typed by a person and returns the
 * canonical text that is stored (or throws an invalid-input error).
 */
import * as z from 'zod/mini';
import { formatDuration, parseDuration } from './duration.js';
import { invalid } from './errors.js';
import { DEFAULT_ENTRY_MS, ENTRY_FORCE_MS, rateToCents } from './time-entries.js';
import {
  DEFAULT_AUTO_TICKET_MS,
  DEFAULT_INVITE_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseChatTimeoutSetting,
} from './chat.js';
import { DEFAULT_MAX_CUSTOMERS, parseMaxCustomers } from './support-sessions.js';
import { DEFAULT_GIVE_UP_MS, parseGiveUpSetting } from './mail.js';
import { DEFAULT_SENDER_LIMIT, parseSenderLimit } from './inbound-mail.js';
import { parseEmbedOrigins, parseOnOff, parsePublicUrl } from './web-settings.js';
import './zod-locale.js';

export interface SettingDef {
  readonly description: string;
  /** The value in effect when none is stored; null means "none". */
  readonly defaultValue: string | null;
  /** Checks a typed value and returns its canonical stored text. */
  readonly parse: (raw: string) => string;
}

export const SETTINGS = {
  'time.default-duration': {
    description: 'duration of a manual time entry given neither --duration nor --start/--end',
    defaultValue: formatDuration(DEFAULT_ENTRY_MS),
    parse: (raw: string) => {
      const ms = parseDuration(raw);
      if (ms === undefined || ms <= 0 || ms > ENTRY_FORCE_MS) {
        throw invalid(`time.default-duration must be a duration from 1s to 24h such as 15m or 1h30m, got "${raw}"`);
      }
      return formatDuration(ms);
    },
  },
  'time.default-rate': {
    description: 'hourly rate of new time entries that give none (none: no rate)',
    defaultValue: null,
    parse: (raw: string) => {
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n)) {
        throw invalid(`time.default-rate must be a number such as 90 or 92.50, got "${raw}"`);
      }
      return String(rateToCents(n) / 100);
    },
  },
  'chat.auto-ticket-after': {
    description: 'a chat conversation this long (from acceptance) gets a ticket',
    defaultValue: formatDuration(DEFAULT_AUTO_TICKET_MS),
    parse: (raw: string) => parseChatTimeoutSetting('chat.auto-ticket-after', raw),
  },
  'chat.invite-timeout': {
    description: 'a chat a technician starts expires when the customer has not accepted it in this time',
    defaultValue: formatDuration(DEFAULT_INVITE_TIMEOUT_MS),
    parse: (raw: string) => parseChatTimeoutSetting('chat.invite-timeout', raw),
  },
  'chat.enabled': {
    description: 'customers may start chats (on or off); off, their requests are refused and they may leave a ticket',
    defaultValue: 'on',
    parse: (raw: string) => {
      const v = raw.trim().toLowerCase();
      if (['on', 'true', 'yes', '1'].includes(v)) return 'on';
      if (['off', 'false', 'no', '0'].includes(v)) return 'off';
      throw invalid(`chat.enabled must be on or off, got "${raw}"`);
    },
  },
  'chat.request-timeout': {
    description: "a customer's chat request nobody accepts in this time expires; the customer is offered a ticket",
    defaultValue: formatDuration(DEFAULT_REQUEST_TIMEOUT_MS),
    parse: (raw: string) => parseChatTimeoutSetting('chat.request-timeout', raw),
  },
  'web.embed-origins': {
    description:
      'other sites that may embed the customer chat (origins such as https://acme.example, space- or comma-separated; none: no site)',
    defaultValue: '',
    parse: parseEmbedOrigins,
  },
  'web.public-url': {
    description:
      'the address customers reach this desk at (https://desk.acme.example): links in mail start with it (none: the address the server listens at)',
    defaultValue: null,
    parse: parsePublicUrl,
  },
  'portal.company-tickets': {
    description:
      "contacts see their company colleagues' tickets in the customer portal as well as their own (on or off)",
    defaultValue: 'off',
    parse: (raw: string) => parseOnOff('portal.company-tickets', raw),
  },
  'chat.max-customers': {
    description: 'the most customers in one support session (its contact and those who joined by link or number)',
    defaultValue: String(DEFAULT_MAX_CUSTOMERS),
    parse: parseMaxCustomers,
  },
  'mail.give-up-after': {
    description: 'an outgoing mail not delivered in this time is given up (shown in desk admin mail queue)',
    defaultValue: formatDuration(DEFAULT_GIVE_UP_MS),
    parse: parseGiveUpSetting,
  },
  'mail.sender-limit': {
    description:
      'the most new tickets one sender may open by e-mail in an hour; more mail from them is left (recorded, no ticket)',
    defaultValue: String(DEFAULT_SENDER_LIMIT),
    parse: parseSenderLimit,
  },
  'tickets.default-reply': {
    description:
      'what `desk tickets reply` and the TUI comment key (c) send unless told: public (a reply the requester sees) or internal (a note)',
    defaultValue: 'public',
    parse: (raw: string) => oneOf('tickets.default-reply', raw, DEFAULT_REPLY_TYPES),
  },
  'tickets.timer-on-open': {
    description: 'opening a ticket in the TUI starts your timer on it when no timer of yours runs (on or off)',
    defaultValue: 'off',
    parse: (raw: string) => onOff('tickets.timer-on-open', raw),
  },
  'tickets.timer-on-close': {
    description:
      'a timer running on a ticket that becomes Resolved or Closed: stop (stopped, its time recorded), keep (it runs on) or ask (the TUI asks whoever closed it; elsewhere it runs on)',
    defaultValue: 'ask',
    parse: (raw: string) => oneOf('tickets.timer-on-close', raw, TIMER_ON_CLOSE),
  },
} as const satisfies Record<string, SettingDef>;

export const DEFAULT_REPLY_TYPES = ['public', 'internal'] as const;
export type DefaultReplyType = (typeof DEFAULT_REPLY_TYPES)[number];
export const TIMER_ON_CLOSE = ['stop', 'keep', 'ask'] as const;
export type TimerOnClose = (typeof TIMER_ON_CLOSE)[number];

function oneOf(key: string, raw: string, allowed: readonly string[]): string {
  const v = raw.trim().toLowerCase();
  if (allowed.includes(v)) return v;
  throw invalid(`${key} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got "${raw}"`);
}

function onOff(key: string, raw: string): string {
  const v = raw.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return 'on';
  if (['off', 'false', 'no', '0'].includes(v)) return 'off';
  throw invalid(`${key} must be on or off, got "${raw}"`);
}

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export const settingSchema = z.object({
  key: z.string(),
  /** The value in effect (the stored one, else the default); null for none. */
  value: z.nullable(z.string()),
  /** Whether the value is the default (nothing stored). */
  isDefault: z.boolean(),
  defaultValue: z.nullable(z.string()),
  description: z.string(),
  updatedAt: z.nullable(z.string()),
  updatedBy: z.nullable(z.object({ id: z.number().check(z.int(), z.positive()), name: z.string() })),
});
export type Setting = z.infer<typeof settingSchema>;

/** Sets a key; a null value returns it to its default. */
export const setSettingInput = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(100)),
  value: z.nullable(z.string().check(z.maxLength(1000))),
});
export type SetSettingInput = z.input<typeof setSettingInput>;
