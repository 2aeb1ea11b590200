/**
 * How a customer's one-time code reaches them, and how it is kept. A code is in clear only in the
 * answer that delivers it; the database holds a salted scrypt hash (six digits are a million
 * guesses, so a fast hash like the tokens' would give them back to anyone who reads the file).
 *
 * `requestCode` records that the contact asked. With an SMTP transport set it also queues a mail,
 * and the mail worker makes the code when it sends it (services/mail/worker.ts); either way
 * `desk admin contacts code EMAIL` can make it instead, store its hash and show it once to be read
 * out (reading again makes a new code that replaces it). Any node of a cluster can answer, since
 * nothing but the hash is kept.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import type { WriteScope } from '../../store/store.js';

/**
 * scrypt cost: 8 MB and half the time of 2^14 (119 ms against 224 ms a hash, measured on a heavily
 * loaded 2-core test machine), so trying the million codes takes CPU-hours against a code that lives
 * ten minutes, while fifty customer logins in a test still finish in time.
 */
const SCRYPT = { N: 1 << 13, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;
const KEY_BYTES = 32;
/** What a requested code stores until it is delivered: it matches no code. */
export const NOT_ISSUED = '';

function scryptHex(code: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(code, salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$SALT$KEY` (hex) of a code. */
export async function hashCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await scryptHex(code, salt)).toString('hex')}`;
}

/** Whether `code` is the one `stored` hashes; a code not issued yet matches nothing. */
export async function codeMatches(code: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const given = await scryptHex(code, Buffer.from(salt, 'hex'));
  const expected = Buffer.from(key, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * Makes the code for the contact's pending request and stores only its hash; answers the code to
 * deliver, or undefined when no request is pending.
 */
export async function issuePendingCode(
  scope: WriteScope,
  contactId: number,
): Promise<{ code: string; expiresAt: number } | undefined> {
  const pending = await scope.trx
    .selectFrom('customer_codes')
    .select(['id', 'expires_at'])
    .where('contact_id', '=', contactId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', scope.now)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!pending) return undefined;
  const code = newCode();
  await scope.trx
    .updateTable('customer_codes')
    .set({ code_hash: await hashCode(code) })
    .where('id', '=', pending.id)
    .execute();
  return { code, expiresAt: pending.expires_at };
}
