/** A database for one test: a temporary SQLite file or a fresh PostgreSQL schema, dropped afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const PG_URL = process.env.DESK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DbKind = 'sqlite' | 'postgres';

export class TestDatabase {
  readonly kind: DbKind;
  readonly dir: string;
  readonly schema: string;
  /** The PostgreSQL database the schema is made in (default: the shared test database). */
  readonly url: string;

  constructor(kind: DbKind, url: string = PG_URL) {
    this.kind = kind;
    this.url = url;
    this.dir = mkdtempSync(join(tmpdir(), 'desk-test-'));
    this.schema = `t_${randomBytes(6).toString('hex')}`;
  }

  /** Flags for `desk server` and `desk server init`. */
  get flags(): string[] {
    return this.kind === 'sqlite'
      ? ['--db', join(this.dir, 'desk.db')]
      : ['--postgres', this.url, '--postgres-schema', this.schema];
  }

  get storeConfig() {
    return this.kind === 'sqlite'
      ? ({ dialect: 'sqlite', path: join(this.dir, 'desk.db') } as const)
      : ({ dialect: 'postgres', url: this.url, schema: this.schema } as const);
  }

  async drop(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    if (this.kind === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: this.url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
      } finally {
        await client.end();
      }
    }
  }
}
