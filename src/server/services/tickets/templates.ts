/**
 * Reply templates (canned responses, DESIGN §2.1): shared by the account's
 * technicians; anyone adds, the author or an admin removes. Rendering fills
 * `{{requester.name}}`-style fields from a ticket the actor can see.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { assertCompanyVisible, scopeOf } from '../access.js';
import { iso } from '../../iso-time.js';
import { conflict, forbidden, notFound } from '../../../core/errors.js';
import { templateInput, type Template } from '../../../core/ticket-resources.js';
import { checkTemplateBody, firstName, renderTemplate, templateKey } from '../../../core/templates.js';

type Row = {
  id: number;
  name: string;
  body: string;
  created_by_id: number;
  creator_name: string;
  created_at: number;
  updated_at: number;
};

const view = (r: Row): Template => ({
  id: r.id,
  name: r.name,
  body: r.body,
  createdBy: { id: Number(r.created_by_id), name: r.creator_name },
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

function rows(db: Kysely<Database>) {
  return db
    .selectFrom('templates')
    .innerJoin('technicians', 'technicians.id', 'templates.created_by_id')
    .select([
      'templates.id',
      'templates.name',
      'templates.body',
      'templates.created_by_id',
      'technicians.name as creator_name',
      'templates.created_at',
      'templates.updated_at',
    ]);
}

export async function listTemplates(db: Kysely<Database>): Promise<Template[]> {
  return (await rows(db).orderBy('templates.name').execute()).map(view);
}

export async function addTemplate(store: Store, actor: Actor, raw: unknown): Promise<Template> {
  const input = templateInput.parse(raw);
  checkTemplateBody(input.body);
  const key = templateKey(input.name);
  return store.write(async ({ trx, now, emit }) => {
    const taken = await trx.selectFrom('templates').select('id').where('key', '=', key).executeTakeFirst();
    if (taken) throw conflict(`a template named "${input.name}" exists already`);
    const row = await trx
      .insertInto('templates')
      .values({ key, name: input.name, body: input.body, created_by_id: actor.id, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const template = view({
      id: row.id,
      name: input.name,
      body: input.body,
      created_by_id: actor.id,
      creator_name: actor.name,
      created_at: now,
      updated_at: now,
    });
    emit({ type: 'template.created', companyId: null, data: { template: { id: template.id, name: template.name } } });
    return template;
  });
}

export async function removeTemplate(store: Store, actor: Actor, name: string): Promise<{ removed: true }> {
  return store.write(async ({ trx, emit }) => {
    const row = await trx.selectFrom('templates').selectAll().where('key', '=', templateKey(name)).executeTakeFirst();
    if (!row) throw notFound(`template "${name}"`);
    if (!actor.admin && Number(row.created_by_id) !== actor.id) {
      throw forbidden('only its author or an admin can remove a template');
    }
    await trx.deleteFrom('templates').where('id', '=', row.id).execute();
    emit({ type: 'template.removed', companyId: null, data: { template: { id: row.id, name: row.name } } });
    return { removed: true as const };
  });
}

/** A template filled in for a ticket, ready to send as a reply or note. */
export async function renderTemplateFor(db: Kysely<Database>, actor: Actor, name: string, ticketId: number) {
  const template = await db.selectFrom('templates').selectAll().where('key', '=', templateKey(name)).executeTakeFirst();
  if (!template) throw notFound(`template "${name}"`);
  const ticket = await db
    .selectFrom('tickets')
    .innerJoin('companies', 'companies.id', 'tickets.company_id')
    .leftJoin('contacts', 'contacts.id', 'tickets.requester_id')
    .select([
      'tickets.id',
      'tickets.title',
      'tickets.status',
      'tickets.priority',
      'tickets.company_id',
      'companies.name as company_name',
      'contacts.name as requester_name',
      'contacts.email as requester_email',
    ])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) throw notFound(`ticket ${ticketId}`);
  assertCompanyVisible(await scopeOf(db, actor), ticket.company_id, `ticket ${ticketId}`);
  const me = await db
    .selectFrom('technicians')
    .select(['name', 'email'])
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  const body = renderTemplate(template.body, {
    'requester.name': ticket.requester_name ?? '',
    'requester.first_name': ticket.requester_name ? firstName(ticket.requester_name) : '',
    'requester.email': ticket.requester_email ?? '',
    'company.name': ticket.company_name,
    'ticket.id': String(ticket.id),
    'ticket.title': ticket.title,
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
    'technician.name': me.name,
    'technician.first_name': firstName(me.name),
    'technician.email': me.email,
  });
  return { name: template.name, ticketId: ticket.id, body };
}
