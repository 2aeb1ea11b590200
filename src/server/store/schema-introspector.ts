/**
 * PostgreSQL with table introspection limited to one schema. Kysely's migrator asks whether its
 * own tables exist by listing the tables of every schema in the database, and that listing fails
 * ("schema … does not exist") whenever another schema is dropped at the same instant — as when
 * several deployments or test runs share one database. Listing only our schema avoids that, and
 * the migrator only needs table names.
 */
import {
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  type PostgresDialectConfig,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

class SchemaIntrospector implements DatabaseIntrospector {
  private readonly db: Kysely<unknown>;
  private readonly schema: string;

  constructor(db: Kysely<unknown>, schema: string) {
    this.db = db;
    this.schema = schema;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    return [{ name: this.schema }];
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ table_name: string; table_type: string }>`
      select table_name, table_type from information_schema.tables where table_schema = ${this.schema}`.execute(
      this.db,
    );
    return rows.map((r) => ({ name: r.table_name, schema: this.schema, isView: r.table_type === 'VIEW', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

export class SchemaPostgresDialect extends PostgresDialect {
  private readonly schema: string;

  constructor(config: PostgresDialectConfig, schema: string) {
    super(config);
    this.schema = schema;
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaIntrospector(db, this.schema);
  }
}
