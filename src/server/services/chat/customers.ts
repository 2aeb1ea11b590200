/**
 * Customers (DESIGN §2.6): a contact confirms their e-mail address with a one-time code on first
 * contact and gets a session token. Codes are six digits, expire after ten minutes, are single-use,
 * allow five tries and at most five are issued per contact in fifteen minutes. Session tokens are
 * stored only as a hash, like technicians' API tokens.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { hashToken } from '../tokens.js';
import { iso } from '../../iso-time.js';
import { DeskError, forbidden, invalid, notFound, unauthenticated } from '../../../core/errors.js';
import { customerLoginInput, customerVerifyInput } from '../../../core/chat.js';
import { deliverCode, forgetCode, pendingCode } from './code-delivery.js';

type Db = Kysely<Database>;

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_WINDOW_MS = 15 * 60_000;
export const CODES_PER_WINDOW = 5;
export const CODE_ATTEMPTS = 5;
const SESSION_PREFIX = 'dcs_';

/** Who is calling on a customer session. */
export interface CustomerActor {
  readonly kind: 'customer';
  readonly contactId: number;
  readonly companyId: number;
  readonly name: string;
  readonly email: string;
  readonly tokenPrefix: string;
}

/** A 429 that tells the client when to try again. */
export class RateLimited extends DeskError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterMs: number) {
    super('rate_limited', message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

function codeHash(contactId: number, code: string): string {
  return createHash('sha256').update(`${contactId}:${code}`).digest('hex');
}

/**
 * Issues a code for the contact with this e-mail address and hands it to the delivery channel. An
 * unknown address gets the same answer, so the call does not reveal who is a contact.
 */
export async function requestCode(store: Store, raw: unknown): Promise<{ sent: true }> {
  const input = customerLoginInput.parse(raw);
  await store.write(async (scope) => {
    const { trx, now } = scope;
    const contact = await trx
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('email', '=', input.email)
      .executeTakeFirst();
    if (!contact) return;
    const recent = await trx
      .selectFrom('customer_codes')
      .select('created_at')
      .where('contact_id', '=', contact.id)
      .where('created_at', '>', now - CODE_WINDOW_MS)
      .orderBy('created_at')
      .execute();
    if (recent.length >= CODES_PER_WINDOW) {
      const oldest = recent[0]?.created_at ?? now;
      throw new RateLimited(
        'too many codes requested for this address; try again later',
        oldest + CODE_WINDOW_MS - now,
      );
    }
    // A new code replaces any earlier one.
    await trx
      .updateTable('customer_codes')
      .set({ expires_at: now })
      .where('contact_id', '=', contact.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const row = await trx
      .insertInto('customer_codes')
      .values({
        contact_id: contact.id,
        code_hash: codeHash(contact.id, code),
        expires_at: now + CODE_TTL_MS,
        used_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deliverCode(scope, {
      codeId: row.id,
      contactId: contact.id,
      email: contact.email,
      code,
      expiresAt: now + CODE_TTL_MS,
    });
  });
  return { sent: true };
}

type VerifyOutcome = { ok: true; token: string } | { ok: false; error: DeskError };

/** Exchanges a valid code for a session token. */
export async function verifyCode(store: Store, raw: unknown) {
  const input = customerVerifyInput.parse(raw);
  const wrong = () => invalid('the code is wrong or has expired; ask for a new one', 'code');
  const outcome = await store.write(async (scope): Promise<VerifyOutcome> => {
    const { trx, now } = scope;
    const contact = await trx.selectFrom('contacts').select(['id']).where('email', '=', input.email).executeTakeFirst();
    if (!contact) return { ok: false, error: wrong() };
    const code = await trx
      .selectFrom('customer_codes')
      .selectAll()
      .where('contact_id', '=', contact.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!code) return { ok: false, error: wrong() };
    const attempts = code.attempts + 1;
    const given = Buffer.from(codeHash(contact.id, input.code));
    const matches = timingSafeEqual(given, Buffer.from(code.code_hash));
    if (!matches) {
      const dead = attempts >= CODE_ATTEMPTS;
      await trx
        .updateTable('customer_codes')
        .set({ attempts, ...(dead ? { expires_at: now } : {}) })
        .where('id', '=', code.id)
        .execute();
      if (dead) await forgetCode(scope, contact.id);
      return {
        ok: false,
        error: dead ? new RateLimited('too many wrong codes; ask for a new one', 60_000) : wrong(),
      };
    }
    await trx.updateTable('customer_codes').set({ attempts, used_at: now }).where('id', '=', code.id).execute();
    await forgetCode(scope, contact.id);
    const token = SESSION_PREFIX + randomBytes(24).toString('base64url');
    await trx
      .insertInto('customer_sessions')
      .values({
        contact_id: contact.id,
        token_hash: hashToken(token),
        prefix: token.slice(0, SESSION_PREFIX.length + 6),
        created_at: now,
        revoked_at: null,
      })
      .execute();
    return { ok: true, token };
  });
  if (!outcome.ok) throw outcome.error;
  const session = await authenticateCustomer(store.db, outcome.token);
  return { token: outcome.token, contact: await customerProfile(store.db, session) };
}

/** Resolves a customer session token, or throws unauthenticated. */
export async function authenticateCustomer(db: Db, token: string | undefined): Promise<CustomerActor> {
  if (!token) throw unauthenticated('missing customer session token');
  const row = await db
    .selectFrom('customer_sessions')
    .innerJoin('contacts', 'contacts.id', 'customer_sessions.contact_id')
    .select(['contacts.id', 'contacts.company_id', 'contacts.name', 'contacts.email', 'customer_sessions.prefix'])
    .where('customer_sessions.token_hash', '=', hashToken(token))
    .where('customer_sessions.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    throw new DeskError('unauthenticated', 'invalid or expired customer session', {
      hint: 'run `desk customer login --server URL --email EMAIL`',
    });
  }
  return {
    kind: 'customer',
    contactId: row.id,
    companyId: row.company_id,
    name: row.name,
    email: row.email,
    tokenPrefix: row.prefix,
  };
}

export async function customerProfile(db: Db, customer: CustomerActor) {
  const company = await db
    .selectFrom('companies')
    .select(['id', 'name'])
    .where('id', '=', customer.companyId)
    .executeTakeFirstOrThrow();
  return { id: customer.contactId, name: customer.name, email: customer.email, company };
}

export async function logoutCustomer(store: Store, token: string): Promise<{ revoked: boolean }> {
  return store.write(async ({ trx, now }) => {
    const res = await trx
      .updateTable('customer_sessions')
      .set({ revoked_at: now })
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return { revoked: Number(res.numUpdatedRows) > 0 };
  });
}

/** The code waiting for a contact (admin), so it can be read out to them. */
export async function codeForContact(store: Store, actor: Actor, email: string) {
  if (!actor.admin) throw forbidden('only an admin can read identity codes');
  const parsed = customerLoginInput.parse({ email });
  const contact = await store.db
    .selectFrom('contacts')
    .select(['id', 'email'])
    .where('email', '=', parsed.email)
    .executeTakeFirst();
  if (!contact) throw notFound(`contact ${parsed.email}`);
  const pending = await pendingCode(store.db, contact.id, store.now());
  if (!pending) throw notFound(`a pending code for ${parsed.email}`);
  return { email: contact.email, code: pending.code, expiresAt: iso(pending.expiresAt) };
}
