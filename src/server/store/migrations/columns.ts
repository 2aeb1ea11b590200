/** Column helpers the migrations share: the auto-numbered key (the one dialect difference) and a time column. */
import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { Dialect } from '../dialect.js';

type Table = CreateTableBuilder<string, never>;

/** Adds an auto-numbered primary key. */
export function withId(t: Table, dialect: Dialect, name = 'id'): Table {
  return dialect === 'sqlite'
    ? t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/** A time column: epoch milliseconds, required. */
export const time = (c: ColumnDefinitionBuilder) => c.notNull();
