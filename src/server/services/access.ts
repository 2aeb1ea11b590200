/**
 * Company scoping (DESIGN §2.6): a technician sees only companies granted to
 * them; an admin sees all. Objects out of scope are reported as not found.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from './actor.js';
import { notFound } from '../../core/errors.js';

export type Scope = { readonly all: true } | { readonly all: false; readonly companyIds: ReadonlySet<number> };

export async function scopeOf(db: Kysely<Database>, actor: Actor): Promise<Scope> {
  if (actor.admin) return { all: true };
  const rows = await db.selectFrom('grants').select('company_id').where('technician_id', '=', actor.id).execute();
  return { all: false, companyIds: new Set(rows.map((r) => r.company_id)) };
}

export function canSeeCompany(scope: Scope, companyId: number): boolean {
  return scope.all || scope.companyIds.has(companyId);
}

/** Throws not-found (never forbidden: existence is not revealed) when out of scope. */
export function assertCompanyVisible(scope: Scope, companyId: number, what: string): void {
  if (!canSeeCompany(scope, companyId)) throw notFound(what);
}
