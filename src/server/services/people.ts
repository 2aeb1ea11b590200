/**
 * The account and its people: initialisation, technicians and their tokens,
 * companies, contacts and grants.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, TechnicianRow } from '../store/schema.js';
import type { Store, WriteScope } from '../store/store.js';
import type { Actor } from './actor.js';
import { scopeOf } from './access.js';
import { hashToken, issueToken } from './tokens.js';
import { iso } from '../iso-time.js';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../../core/errors.js';
import { type Company, type Contact, type Me, type Technician } from '../../core/schemas.js';
import {
  createCompanyInput,
  createContactInput,
  createTechnicianInput,
  grantInput,
  initInput,
} from '../../core/inputs.js';
import { ACTIVE_STATUSES } from '../../core/tickets.js';

function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw forbidden('only an admin can do this');
}

function technicianView(row: TechnicianRow, openTickets: number): Technician {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    admin: row.is_admin === 1,
    canUnmask: row.can_unmask === 1,
    openTickets,
    createdAt: iso(row.created_at),
  };
}

/** Creates the account and its first admin; refuses a database that has one. */
export async function initAccount(store: Store, raw: unknown): Promise<{ technician: Technician; token: string }> {
  const input = initInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    const existing = await trx.selectFrom('accounts').select('id').executeTakeFirst();
    if (existing) throw conflict('this database already has an account');
    await trx.insertInto('accounts').values({ name: input.accountName, created_at: now }).execute();
    const tech = await trx
      .insertInto('technicians')
      .values({ name: input.name, email: input.email, is_admin: 1, can_unmask: 0, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = issueToken();
    await trx
      .insertInto('api_tokens')
      .values({
        technician_id: tech.id,
        token_hash: token.hash,
        prefix: token.prefix,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    const view = technicianView(tech, 0);
    emit({ type: 'technician.created', companyId: null, data: { technician: view } });
    return { technician: view, token: token.token };
  });
}

/** Resolves a bearer token to its technician, or throws unauthenticated. */
export async function authenticate(db: Kysely<Database>, token: string | undefined): Promise<Actor> {
  if (!token) throw unauthenticated('missing API token');
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('technicians', 'technicians.id', 'api_tokens.technician_id')
    .select([
      'technicians.id',
      'technicians.name',
      'technicians.is_admin',
      'technicians.can_unmask',
      'api_tokens.prefix',
    ])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw unauthenticated('invalid or revoked API token');
  return {
    kind: 'technician',
    id: row.id,
    name: row.name,
    admin: row.is_admin === 1,
    tokenPrefix: row.prefix,
    canUnmask: row.can_unmask === 1,
  };
}

async function openCounts(db: Kysely<Database>, ids?: number[]): Promise<Map<number, number>> {
  let q = db
    .selectFrom('tickets')
    .select(['assignee_id', sql<number>`count(*)`.as('n')])
    .where('status', 'in', [...ACTIVE_STATUSES])
    .where('assignee_id', 'is not', null)
    .where('deleted_at', 'is', null)
    .where('is_spam', '=', 0)
    .groupBy('assignee_id');
  if (ids) q = q.where('assignee_id', 'in', ids);
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.assignee_id), Number(r.n)]));
}

export async function me(db: Kysely<Database>, actor: Actor): Promise<Me> {
  const row = await db.selectFrom('technicians').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow();
  const account = await db.selectFrom('accounts').select(['id', 'name']).executeTakeFirstOrThrow();
  const counts = await openCounts(db, [actor.id]);
  return { technician: technicianView(row, counts.get(actor.id) ?? 0), account, tokenPrefix: actor.tokenPrefix };
}

/** Every technician with their open-ticket count (workload). */
export async function listTechnicians(db: Kysely<Database>): Promise<Technician[]> {
  const rows = await db.selectFrom('technicians').selectAll().orderBy('id').execute();
  const counts = await openCounts(db);
  return rows.map((r) => technicianView(r, counts.get(r.id) ?? 0));
}

export async function createTechnician(
  store: Store,
  actor: Actor,
  raw: unknown,
): Promise<Technician & { token: string }> {
  requireAdmin(actor);
  const input = createTechnicianInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    const taken = await trx.selectFrom('technicians').select('id').where('email', '=', input.email).executeTakeFirst();
    if (taken) throw conflict(`a technician with e-mail ${input.email} exists already`);
    const row = await trx
      .insertInto('technicians')
      .values({
        name: input.name,
        email: input.email,
        is_admin: input.admin ? 1 : 0,
        can_unmask: input.canUnmask ? 1 : 0,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = issueToken();
    await trx
      .insertInto('api_tokens')
      .values({
        technician_id: row.id,
        token_hash: token.hash,
        prefix: token.prefix,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    const view = technicianView(row, 0);
    emit({ type: 'technician.created', companyId: null, data: { technician: view } });
    return { ...view, token: token.token };
  });
}

async function technicianOrThrow(db: Kysely<Database>, id: number): Promise<TechnicianRow> {
  const row = await db.selectFrom('technicians').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`technician ${id}`);
  return row;
}

/**
 * Refuses to revoke the tokens of the last admin who holds one: nothing but database access could
 * then issue a token again. Admins are locked on PostgreSQL so two admins revoking each other
 * at once cannot both pass.
 */
async function keepAnAdminToken(scope: WriteScope, target: TechnicianRow): Promise<void> {
  if (target.is_admin !== 1) return;
  let admins = scope.trx.selectFrom('technicians').select('id').where('is_admin', '=', 1);
  if (scope.dialect === 'postgres') admins = admins.forUpdate();
  await admins.execute();
  const other = await scope.trx
    .selectFrom('api_tokens')
    .innerJoin('technicians', 'technicians.id', 'api_tokens.technician_id')
    .select('api_tokens.id')
    .where('technicians.is_admin', '=', 1)
    .where('technicians.id', '!=', target.id)
    .where('api_tokens.revoked_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!other) {
    throw conflict(
      `${target.name} is the last admin with an API token, so nothing was revoked; ` +
        'add another admin first (`desk admin technicians add --admin`)',
    );
  }
}

/** Revokes every token of a technician, effective for the next request; never the last admin's. */
export async function revokeTechnician(store: Store, actor: Actor, id: number): Promise<{ revoked: number }> {
  requireAdmin(actor);
  return store.write(async (scope) => {
    const { trx, now, emit } = scope;
    await keepAnAdminToken(scope, await technicianOrThrow(trx, id));
    const res = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('technician_id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = Number(res.numUpdatedRows);
    emit({ type: 'technician.revoked', companyId: null, technicianId: id, data: { technicianId: id, revoked } });
    return { revoked };
  });
}

/** Issues a new token for a technician (after a revoke, or for a second machine). */
export async function issueTechnicianToken(store: Store, actor: Actor, id: number): Promise<{ token: string }> {
  requireAdmin(actor);
  return store.write(async ({ trx, now }) => {
    await technicianOrThrow(trx, id);
    const token = issueToken();
    await trx
      .insertInto('api_tokens')
      .values({ technician_id: id, token_hash: token.hash, prefix: token.prefix, created_at: now, revoked_at: null })
      .execute();
    return { token: token.token };
  });
}

/**
 * Issues a new API token for an admin found by e-mail address: the recovery of a locked-out account
 * (`desk server token issue`), run by whoever has access to the database, not by a token holder.
 */
export async function issueAdminToken(store: Store, email: string): Promise<{ technician: Technician; token: string }> {
  return store.write(async ({ trx, now }) => {
    const row = await trx.selectFrom('technicians').selectAll().where('email', '=', email).executeTakeFirst();
    if (!row) throw notFound(`technician ${email}`);
    if (row.is_admin !== 1)
      throw invalid(`${email} is not an admin; only an admin's token is issued this way`, 'email');
    const token = issueToken();
    await trx
      .insertInto('api_tokens')
      .values({
        technician_id: row.id,
        token_hash: token.hash,
        prefix: token.prefix,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    const counts = await openCounts(trx, [row.id]);
    return { technician: technicianView(row, counts.get(row.id) ?? 0), token: token.token };
  });
}

export async function createCompany(store: Store, actor: Actor, raw: unknown): Promise<Company> {
  requireAdmin(actor);
  const input = createCompanyInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    const taken = await trx.selectFrom('companies').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw conflict(`a company named ${input.name} exists already`);
    const row = await trx
      .insertInto('companies')
      .values({ name: input.name, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const company: Company = { id: row.id, name: row.name, createdAt: iso(row.created_at) };
    emit({ type: 'company.created', companyId: row.id, data: { company } });
    return company;
  });
}

export async function listCompanies(db: Kysely<Database>, actor: Actor): Promise<Company[]> {
  const scope = await scopeOf(db, actor);
  let q = db.selectFrom('companies').selectAll().orderBy('id');
  if (!scope.all) q = q.where('id', 'in', [0, ...scope.companyIds]);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: iso(r.created_at) }));
}

export async function createContact(store: Store, actor: Actor, raw: unknown): Promise<Contact> {
  requireAdmin(actor);
  const input = createContactInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    const company = await trx.selectFrom('companies').selectAll().where('id', '=', input.companyId).executeTakeFirst();
    if (!company) throw invalid(`company ${input.companyId} does not exist`, 'companyId');
    const taken = await trx.selectFrom('contacts').select('id').where('email', '=', input.email).executeTakeFirst();
    if (taken) throw conflict(`a contact with e-mail ${input.email} exists already`);
    const row = await trx
      .insertInto('contacts')
      .values({
        company_id: company.id,
        name: input.name,
        email: input.email,
        phone: input.phone ?? null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const contact: Contact = {
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      company: { id: company.id, name: company.name },
      createdAt: iso(row.created_at),
    };
    emit({ type: 'contact.created', companyId: company.id, data: { contact } });
    return contact;
  });
}

export async function listContacts(db: Kysely<Database>, actor: Actor, companyId?: number): Promise<Contact[]> {
  const scope = await scopeOf(db, actor);
  let q = db
    .selectFrom('contacts')
    .innerJoin('companies', 'companies.id', 'contacts.company_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
      'contacts.created_at',
      'companies.id as company_id',
      'companies.name as company_name',
    ])
    .orderBy('contacts.id');
  if (companyId !== undefined) q = q.where('contacts.company_id', '=', companyId);
  if (!scope.all) q = q.where('contacts.company_id', 'in', [0, ...scope.companyIds]);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    company: { id: r.company_id, name: r.company_name },
    createdAt: iso(r.created_at),
  }));
}

export async function grantCompany(
  store: Store,
  actor: Actor,
  raw: unknown,
): Promise<{ technicianId: number; companyId: number; created: boolean }> {
  requireAdmin(actor);
  const input = grantInput.parse(raw);
  return store.write(async ({ trx, now, emit }) => {
    await technicianOrThrow(trx, input.technicianId);
    const company = await trx.selectFrom('companies').select('id').where('id', '=', input.companyId).executeTakeFirst();
    if (!company) throw notFound(`company ${input.companyId}`);
    const existing = await trx
      .selectFrom('grants')
      .select('company_id')
      .where('technician_id', '=', input.technicianId)
      .where('company_id', '=', input.companyId)
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto('grants')
        .values({ technician_id: input.technicianId, company_id: input.companyId, created_at: now })
        .execute();
      emit({ type: 'grant.created', companyId: input.companyId, technicianId: input.technicianId, data: { ...input } });
    }
    return { ...input, created: !existing };
  });
}
