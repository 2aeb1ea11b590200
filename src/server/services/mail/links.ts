/**
 * Where links in mail point: `web.public-url` when an admin set it, else the address this server
 * listens at (recorded at start-up), so a join link or a portal link opens the desk that sent it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import { settingValue } from '../settings.js';

const listening = new WeakMap<Store, string>();

/** Records the address the store's server listens at (the default of `web.public-url`). */
export function useServerUrl(store: Store, url: string): void {
  listening.set(store, url.replace(/\/+$/, ''));
}

/** The address links in mail start with (no trailing `/`), or undefined when none is known. */
export async function publicUrl(db: Kysely<Database>, store: Store): Promise<string | undefined> {
  return (await settingValue(db, 'web.public-url')) ?? listening.get(store);
}
