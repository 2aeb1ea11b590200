/** Which database `desk server` and `desk server init` use, from flags and environment. */
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { StoreConfig } from '../server/index.js';
import { usageError } from '../core/errors.js';
import type { Env } from '../client/profiles.js';

export interface DatabaseFlags {
  db?: string;
  postgres?: string;
  postgresSchema?: string;
}

export function defaultDbPath(): string {
  return join(envPaths('deskline', { suffix: '' }).data, 'desk.db');
}

export function storeConfig(flags: DatabaseFlags, env: Env): StoreConfig {
  const postgres = flags.postgres ?? env.DESK_POSTGRES_URL;
  const db = flags.db ?? env.DESK_DB;
  if (flags.postgres && flags.db) throw usageError('give either --db or --postgres, not both');
  if (postgres && !flags.db) {
    const schema = flags.postgresSchema ?? env.DESK_POSTGRES_SCHEMA;
    return { dialect: 'postgres', url: postgres, ...(schema ? { schema } : {}) };
  }
  return { dialect: 'sqlite', path: db ?? defaultDbPath() };
}
