/**
 * Customers (DESIGN §2.6): a contact confirms their e-mail address with a one-time code on first
 * contact and gets a session token. Codes are six digits, expire after ten minutes, are single-use,
 * allow five tries and at most five are requested per e-mail address (a contact's or not) in fifteen
 * minutes. Codes are kept only as a salted scrypt hash, session tokens only as a SHA-256 hash like
 * technicians' API tokens.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { hashToken } from '../tokens.js';
import { iso } from '../../iso-time.js';
import { DeskError, forbidden, invalid, notFound, unauthenticated } from '../../../core/errors.js';
import { customerLoginInput, customerVerifyInput } from '../../../core/customer-chat.js';
import { NOT_ISSUED, codeMatches, hashCode, issuePendingCode } from './code-delivery.js';
import { mailIdentityCode } from '../mail/code-mail.js';

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

/** The key a code request counts under: a hash of the address as given, known or not. */
const emailKey = (email: string) => hashToken(`email:${email}`);

/**
 * Records a code request for this e-mail address; a contact's code is then made when it is
 * delivered (code-delivery.ts). An unknown address gets the same answer, limit included, so the
 * call does not reveal who is a contact.
 */
export async function requestCode(store: Store, raw: unknown): Promise<{ sent: true }> {
  const input = customerLoginInput.parse(raw);
  const key = emailKey(input.email);
  await store.write(async (scope) => {
    const { trx, now } = scope;
    await trx
      .deleteFrom('customer_code_requests')
      .where('created_at', '<=', now - CODE_WINDOW_MS)
      .execute();
    const recent = await trx
      .selectFrom('customer_code_requests')
      .select('created_at')
      .where('email_hash', '=', key)
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
    await trx.insertInto('customer_code_requests').values({ email_hash: key, created_at: now }).execute();
    const contact = await trx
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('email', '=', input.email)
      .executeTakeFirst();
    if (!contact) return;
    // A new request replaces any earlier code.
    await trx
      .updateTable('customer_codes')
      .set({ expires_at: now })
      .where('contact_id', '=', contact.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    await trx
      .insertInto('customer_codes')
      .values({
        contact_id: contact.id,
        code_hash: NOT_ISSUED,
        expires_at: now + CODE_TTL_MS,
        used_at: null,
        created_at: now,
      })
      .execute();
    await mailIdentityCode(scope, store, contact);
  });
  return { sent: true };
}

type VerifyOutcome = { ok: true; token: string } | { ok: false; error: DeskError };

/** A hash no code matches, checked when there is nothing to check so every answer costs a hash. */
let decoy: Promise<string> | undefined;

/** Exchanges a valid code for a session token. */
export async function verifyCode(store: Store, raw: unknown) {
  const input = customerVerifyInput.parse(raw);
  const wrong = () => invalid('the code is wrong or has expired; ask for a new one', 'code');
  const outcome = await store.write(async (scope): Promise<VerifyOutcome> => {
    const { trx, now } = scope;
    const contact = await trx.selectFrom('contacts').select(['id']).where('email', '=', input.email).executeTakeFirst();
    const code = contact
      ? await trx
          .selectFrom('customer_codes')
          .selectAll()
          .where('contact_id', '=', contact.id)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined;
    if (!contact || !code) {
      await codeMatches(input.code, await (decoy ??= hashCode('decoy')));
      return { ok: false, error: wrong() };
    }
    const attempts = code.attempts + 1;
    const matches = await codeMatches(input.code, code.code_hash);
    if (!matches) {
      const dead = attempts >= CODE_ATTEMPTS;
      await trx
        .updateTable('customer_codes')
        .set({ attempts, ...(dead ? { expires_at: now } : {}) })
        .where('id', '=', code.id)
        .execute();
      return {
        ok: false,
        error: dead ? new RateLimited('too many wrong codes; ask for a new one', 60_000) : wrong(),
      };
    }
    await trx.updateTable('customer_codes').set({ attempts, used_at: now }).where('id', '=', code.id).execute();
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

/** The event a logout emits: the contact's event streams check their session again and the ended one closes. */
export const CUSTOMER_LOGGED_OUT = 'customer.logged_out';

export async function logoutCustomer(store: Store, token: string): Promise<{ revoked: boolean }> {
  return store.write(async ({ trx, now, emit }) => {
    const session = await trx
      .selectFrom('customer_sessions')
      .innerJoin('contacts', 'contacts.id', 'customer_sessions.contact_id')
      .select(['customer_sessions.id', 'contacts.id as contact_id', 'contacts.company_id'])
      .where('customer_sessions.token_hash', '=', hashToken(token))
      .where('customer_sessions.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!session) return { revoked: false };
    await trx.updateTable('customer_sessions').set({ revoked_at: now }).where('id', '=', session.id).execute();
    emit({
      type: CUSTOMER_LOGGED_OUT,
      companyId: session.company_id,
      contactId: session.contact_id,
      data: { contactId: session.contact_id },
    });
    return { revoked: true };
  });
}

/**
 * Delivers the code a contact asked for to an admin, to read out to them: the code is made now and
 * only its hash kept; reading again makes a new one that replaces it.
 */
export async function codeForContact(store: Store, actor: Actor, email: string) {
  if (!actor.admin) throw forbidden('only an admin can read identity codes');
  const parsed = customerLoginInput.parse({ email });
  return store.write(async (scope) => {
    const contact = await scope.trx
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('email', '=', parsed.email)
      .executeTakeFirst();
    if (!contact) throw notFound(`contact ${parsed.email}`);
    const issued = await issuePendingCode(scope, contact.id);
    if (!issued) throw notFound(`a pending code for ${parsed.email}`);
    return { email: contact.email, code: issued.code, expiresAt: iso(issued.expiresAt) };
  });
}

/** Opens a customer session for a contact inside a write (a join link exchanged for one); answers the token. */
export async function issueCustomerSession(scope: { trx: Db; now: number }, contactId: number): Promise<string> {
  const token = SESSION_PREFIX + randomBytes(24).toString('base64url');
  await scope.trx
    .insertInto('customer_sessions')
    .values({
      contact_id: contactId,
      token_hash: hashToken(token),
      prefix: token.slice(0, SESSION_PREFIX.length + 6),
      created_at: scope.now,
      revoked_at: null,
    })
    .execute();
  return token;
}
