/**
 * Admin-defined ticket fields (text, number, date, choice): definitions,
 * values validated on write (with the activity log), and list filters.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordActivity } from './activity.js';
import { iso } from '../../iso-time.js';
import { conflict, forbidden, invalid, notFound } from '../../../core/errors.js';
import { customFieldInput, type CustomField } from '../../../core/ticket-resources.js';
import { canonicalValue, nameKey, type FieldKind } from '../../../core/custom-fields.js';

type Row = { id: number; key: string; name: string; kind: string; choices: string | null; created_at: number };

function view(r: Row): CustomField {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as FieldKind,
    choices: r.choices === null ? null : (JSON.parse(r.choices) as string[]),
    createdAt: iso(r.created_at),
  };
}

export async function listCustomFields(db: Kysely<Database>): Promise<CustomField[]> {
  return (await db.selectFrom('custom_fields').selectAll().orderBy('id').execute()).map(view);
}

export async function addCustomField(store: Store, actor: Actor, raw: unknown): Promise<CustomField> {
  if (!actor.admin) throw forbidden('only an admin can define fields');
  const input = customFieldInput.parse(raw);
  const key = nameKey(input.name);
  const choices = input.choices ? [...new Set(input.choices)] : null;
  return store.write(async ({ trx, now, emit }) => {
    const taken = await trx.selectFrom('custom_fields').select('id').where('key', '=', key).executeTakeFirst();
    if (taken) throw conflict(`a field named "${input.name}" exists already`);
    const row = await trx
      .insertInto('custom_fields')
      .values({ key, name: input.name, kind: input.kind, choices: choices && JSON.stringify(choices), created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    emit({ type: 'field.created', companyId: null, data: { field: view(row) } });
    return view(row);
  });
}

/** Removes a field definition and every value of it. */
export async function removeCustomField(store: Store, actor: Actor, name: string): Promise<{ removed: true }> {
  if (!actor.admin) throw forbidden('only an admin can remove fields');
  return store.write(async ({ trx, emit }) => {
    const row = await trx.selectFrom('custom_fields').selectAll().where('key', '=', nameKey(name)).executeTakeFirst();
    if (!row) throw notFound(`field "${name}"`);
    await trx.deleteFrom('ticket_field_values').where('field_id', '=', row.id).execute();
    await trx.deleteFrom('custom_fields').where('id', '=', row.id).execute();
    emit({ type: 'field.removed', companyId: null, data: { field: view(row) } });
    return { removed: true as const };
  });
}

async function fieldsByKey(db: Kysely<Database>): Promise<Map<string, CustomField & { key: string }>> {
  const rows = await db.selectFrom('custom_fields').selectAll().execute();
  return new Map(rows.map((r) => [r.key, { ...view(r), key: r.key }]));
}

function unknownField(name: string, known: Iterable<{ name: string }>): Error {
  const names = [...known].map((f) => f.name);
  return invalid(
    `unknown field "${name}"${names.length ? ` (fields: ${names.join(', ')})` : ' (no fields are defined)'}`,
    'fields',
  );
}

/** Sets (or, with an empty value, clears) field values; returns the names that changed. */
export async function writeFieldValues(
  scope: WriteScope,
  actor: Actor,
  ticketId: number,
  values: Readonly<Record<string, string>>,
): Promise<string[]> {
  const { trx } = scope;
  const defs = await fieldsByKey(trx);
  const planned: Array<{ field: CustomField; value: string | null }> = [];
  for (const [name, raw] of Object.entries(values)) {
    const field = defs.get(nameKey(name));
    if (!field) throw unknownField(name, defs.values());
    planned.push({ field, value: raw.trim() === '' ? null : canonicalValue(field, raw) });
  }
  const changed: string[] = [];
  for (const { field, value } of planned) {
    const current = await trx
      .selectFrom('ticket_field_values')
      .select('value')
      .where('ticket_id', '=', ticketId)
      .where('field_id', '=', field.id)
      .executeTakeFirst();
    const old = current?.value ?? null;
    if (old === value) continue;
    await trx
      .deleteFrom('ticket_field_values')
      .where('ticket_id', '=', ticketId)
      .where('field_id', '=', field.id)
      .execute();
    if (value !== null) {
      await trx.insertInto('ticket_field_values').values({ ticket_id: ticketId, field_id: field.id, value }).execute();
    }
    await recordActivity(scope, actor, ticketId, `field:${field.name}`, old, value);
    changed.push(field.name);
  }
  return changed;
}

/** Parses `{"name":"value"}` list filters into field ids and canonical values. */
export async function fieldFilters(
  db: Kysely<Database>,
  json: string,
): Promise<Array<{ fieldId: number; kind: FieldKind; value: string }>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid('fields must be a JSON object of field name to value', 'fields');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('fields must be a JSON object of field name to value', 'fields');
  }
  const defs = await fieldsByKey(db);
  return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => {
    const field = defs.get(nameKey(name));
    if (!field) throw unknownField(name, defs.values());
    if (typeof value !== 'string') throw invalid(`field "${name}": the filter value must be text`, 'fields');
    return { fieldId: field.id, kind: field.kind, value: canonicalValue(field, value) };
  });
}

/** Field values of a page of tickets, by ticket id, as the API shows them. */
export async function fieldValuesOf(
  db: Kysely<Database>,
  ticketIds: readonly number[],
): Promise<Map<number, Record<string, string | number>>> {
  const out = new Map<number, Record<string, string | number>>();
  if (ticketIds.length === 0) return out;
  const rows = await db
    .selectFrom('ticket_field_values')
    .innerJoin('custom_fields', 'custom_fields.id', 'ticket_field_values.field_id')
    .select(['ticket_field_values.ticket_id', 'custom_fields.name', 'custom_fields.kind', 'ticket_field_values.value'])
    .where('ticket_field_values.ticket_id', 'in', [...ticketIds])
    .orderBy('custom_fields.id')
    .execute();
  for (const r of rows) {
    const record = out.get(r.ticket_id) ?? {};
    record[r.name] = r.kind === 'number' ? Number(r.value) : r.value;
    out.set(r.ticket_id, record);
  }
  return out;
}
