/**
 * Session numbers: nine random digits (about 30 bits) given to every chat when it is made, unique
 * (a unique index backs it), and the open chat a typed number names. A number is only worth trying
 * within the join routes' rate limits, so guessing one of the open sessions is out of reach.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import { invalid, notFound } from '../../../core/errors.js';
import { normaliseSessionNumber } from '../../../core/support-sessions.js';

type Db = Kysely<Database>;

/** A session number no chat has. */
export async function freshSessionNumber(db: Db): Promise<string> {
  for (;;) {
    const n = String(randomInt(100_000_000, 1_000_000_000));
    const taken = await db.selectFrom('chats').select('id').where('session_number', '=', n).executeTakeFirst();
    if (!taken) return n;
  }
}

/** The same answer for a number that does not exist, is closed or may not be seen: nothing to learn from it. */
export const noSession = (n: string) => notFound(`an open support session with number ${n}`);

/** The open chat with this session number, else not found. */
export async function openChatByNumber(db: Db, raw: string): Promise<ChatRow> {
  const n = normaliseSessionNumber(raw);
  if (n === undefined) throw invalid('the session number is the 9 digits you were given', 'sessionNumber');
  const row = await db.selectFrom('chats').selectAll().where('session_number', '=', n).executeTakeFirst();
  if (!row || !['requested', 'offered', 'active'].includes(row.state)) throw noSession(n);
  return row;
}
