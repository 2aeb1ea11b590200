/**
 * Loading and changing one chat row: under a row lock inside a write, only when the technician may
 * see its company, only in the states an action allows.
 */
import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../../store/schema.js';
import type { WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { assertCompanyVisible, scopeOf } from '../access.js';
import { conflict, notFound } from '../../../core/errors.js';

type Db = Kysely<Database>;

/** Loads a chat inside a write, locking its row on PostgreSQL so changes to one chat run one at a time. */
export async function lockChat(scope: WriteScope, id: number): Promise<ChatRow | undefined> {
  let q = scope.trx.selectFrom('chats').selectAll().where('id', '=', id);
  if (scope.dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A chat the technician may see (its company is granted to them), else not found. */
export async function visibleChat(db: Db, actor: Actor, id: number): Promise<ChatRow> {
  const row = await db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`chat ${id}`);
  assertCompanyVisible(await scopeOf(db, actor), row.company_id, `chat ${id}`);
  return row;
}

/** {@link visibleChat} inside a write, with the row locked. */
export async function lockVisibleChat(scope: WriteScope, actor: Actor, id: number): Promise<ChatRow> {
  const row = await lockChat(scope, id);
  if (!row) throw notFound(`chat ${id}`);
  assertCompanyVisible(await scopeOf(scope.trx, actor), row.company_id, `chat ${id}`);
  return row;
}

/** Whether a technician may work a company's chats: an admin, or granted the company. */
export async function technicianCanSee(db: Db, technicianId: number, companyId: number): Promise<boolean> {
  const tech = await db.selectFrom('technicians').select('is_admin').where('id', '=', technicianId).executeTakeFirst();
  if (!tech) return false;
  if (tech.is_admin === 1) return true;
  const grant = await db
    .selectFrom('grants')
    .select('company_id')
    .where('technician_id', '=', technicianId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return grant !== undefined;
}

/** Updates a chat row (always its `updated_at`) and returns the fresh row. */
export async function updateChat(scope: WriteScope, id: number, set: Partial<Omit<ChatRow, 'id'>>): Promise<ChatRow> {
  return scope.trx
    .updateTable('chats')
    .set({ ...set, updated_at: scope.now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function requireState(row: ChatRow, states: readonly string[], doing: string): void {
  if (!states.includes(row.state)) throw conflict(`chat ${row.id} is ${row.state}: cannot ${doing}`);
}
