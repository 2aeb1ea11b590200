/**
 * Account-wide settings: any technician reads them, only an admin changes them.
 * A change is announced on the event stream as `setting.changed`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Actor } from './actor.js';
import { iso } from '../iso-time.js';
import { forbidden, invalid } from '../../core/errors.js';
import {
  SETTINGS,
  SETTING_KEYS,
  isSettingKey,
  setSettingInput,
  type Setting,
  type SettingKey,
} from '../../core/settings.js';

/** The value in effect for a key: the stored one, else the default (null for none). */
export async function settingValue(db: Kysely<Database>, key: SettingKey): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? row.value : SETTINGS[key].defaultValue;
}

export async function listSettings(db: Kysely<Database>): Promise<Setting[]> {
  const rows = await db
    .selectFrom('settings')
    .leftJoin('technicians', 'technicians.id', 'settings.updated_by_id')
    .select([
      'settings.key',
      'settings.value',
      'settings.updated_at',
      'settings.updated_by_id',
      'technicians.name as updated_by_name',
    ])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return SETTING_KEYS.map((key): Setting => {
    const def = SETTINGS[key];
    const row = byKey.get(key);
    return {
      key,
      value: row ? row.value : def.defaultValue,
      isDefault: !row,
      defaultValue: def.defaultValue,
      description: def.description,
      updatedAt: row ? iso(row.updated_at) : null,
      updatedBy: row && row.updated_by_id !== null ? { id: row.updated_by_id, name: row.updated_by_name ?? '' } : null,
    };
  });
}

/** Sets a setting (admin); a null value returns it to its default. */
export async function setSetting(store: Store, actor: Actor, raw: unknown): Promise<Setting> {
  if (!actor.admin) throw forbidden('only an admin can change settings');
  const input = setSettingInput.parse(raw);
  const key = input.key;
  if (!isSettingKey(key)) throw invalid(`unknown setting "${key}" (known: ${SETTING_KEYS.join(', ')})`, 'key');
  const value = input.value === null ? null : SETTINGS[key].parse(input.value);
  await store.write(async ({ trx, now, emit }) => {
    await trx.deleteFrom('settings').where('key', '=', key).execute();
    if (value !== null) {
      await trx.insertInto('settings').values({ key, value, updated_by_id: actor.id, updated_at: now }).execute();
    }
    emit({
      type: 'setting.changed',
      companyId: null,
      data: { key, value: value ?? SETTINGS[key].defaultValue, isDefault: value === null },
    });
  });
  const all = await listSettings(store.db);
  return all.find((s) => s.key === key)!;
}
