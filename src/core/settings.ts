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
} as const satisfies Record<string, SettingDef>;

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
