/**
 * How long a chat waits: the auto-ticket delay, the customer's time to accept an invitation and
 * the time a customer's request waits for a technician (settings, with defaults), and a queue's offer timeout, which also bounds transfers and
 * conference invitations.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { settingValue } from '../settings.js';
import { parseDuration } from '../../../core/duration.js';
import {
  DEFAULT_AUTO_TICKET_MS,
  DEFAULT_INVITE_TIMEOUT_MS,
  DEFAULT_OFFER_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../../../core/chat.js';

type Db = Kysely<Database>;

type DurationKey = 'chat.auto-ticket-after' | 'chat.invite-timeout' | 'chat.request-timeout';

async function durationSetting(db: Db, key: DurationKey, fallback: number) {
  const raw = await settingValue(db, key);
  return (raw !== null ? parseDuration(raw) : undefined) ?? fallback;
}

export const autoTicketMs = (db: Db) => durationSetting(db, 'chat.auto-ticket-after', DEFAULT_AUTO_TICKET_MS);
export const inviteTimeoutMs = (db: Db) => durationSetting(db, 'chat.invite-timeout', DEFAULT_INVITE_TIMEOUT_MS);
export const requestTimeoutMs = (db: Db) => durationSetting(db, 'chat.request-timeout', DEFAULT_REQUEST_TIMEOUT_MS);

export async function queueTimeoutMs(db: Db, queueId: number): Promise<number> {
  const q = await db.selectFrom('chat_queues').select('offer_timeout_ms').where('id', '=', queueId).executeTakeFirst();
  return q ? Number(q.offer_timeout_ms) : DEFAULT_OFFER_TIMEOUT_MS;
}
