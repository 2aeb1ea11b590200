/**
 * How a customer's one-time code reaches them. Until Deskline sends e-mail, the code waits in an
 * outbox that an admin reads with `desk admin contacts code EMAIL` (and reads out to the customer).
 * Sending it by e-mail instead is a change of this module only: replace `deliverCode` (and
 * `pendingCode`, which then has nothing to show).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';

export interface CodeToDeliver {
  readonly codeId: number;
  readonly contactId: number;
  readonly email: string;
  readonly code: string;
  readonly expiresAt: number;
}

/** Hands a fresh code to the delivery channel, inside the write that issued it. */
export async function deliverCode(scope: WriteScope, c: CodeToDeliver): Promise<void> {
  await scope.trx.deleteFrom('customer_code_outbox').where('contact_id', '=', c.contactId).execute();
  await scope.trx
    .insertInto('customer_code_outbox')
    .values({ code_id: c.codeId, contact_id: c.contactId, code: c.code, expires_at: c.expiresAt })
    .execute();
}

/** A code was used or replaced: nothing left to deliver for that contact. */
export async function forgetCode(scope: WriteScope, contactId: number): Promise<void> {
  await scope.trx.deleteFrom('customer_code_outbox').where('contact_id', '=', contactId).execute();
}

/** The code waiting for a contact, for an admin to read out; undefined when none is pending. */
export async function pendingCode(
  db: Kysely<Database>,
  contactId: number,
  now: number,
): Promise<{ code: string; expiresAt: number } | undefined> {
  const row = await db
    .selectFrom('customer_code_outbox')
    .select(['code', 'expires_at'])
    .where('contact_id', '=', contactId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { code: row.code, expiresAt: row.expires_at } : undefined;
}
