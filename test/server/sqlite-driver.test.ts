import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteConnection, usesBuiltinSqlite } from '../../src/server/store/sqlite-driver.js';

describe('the SQLite connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses node:sqlite from Node 24 on and better-sqlite3 before', () => {
    expect(usesBuiltinSqlite('20.19.0')).toBe(false);
    expect(usesBuiltinSqlite('22.12.0')).toBe(false);
    expect(usesBuiltinSqlite('24.0.0')).toBe(true);
    expect(usesBuiltinSqlite('26.1.0')).toBe(true);
  });

  it('opens in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const db = await openSqliteConnection(join(dir, 'p.db'));
    const value = (sql: string) => Object.values(db.prepare(sql).all([])[0] as object)[0];
    expect(value('PRAGMA journal_mode')).toBe('wal');
    expect(value('PRAGMA synchronous')).toBe(2);
    expect(value('PRAGMA foreign_keys')).toBe(1);
    expect(value('PRAGMA journal_size_limit')).toBe(64 * 1024 * 1024);
    db.close();
  });

  it('runs writes and reads with bound parameters', async () => {
    const db = await openSqliteConnection(join(dir, 'q.db'));
    db.prepare('create table t (id integer primary key autoincrement, name text not null)').run([]);
    const insert = db.prepare('insert into t (name) values (?) returning id');
    expect(insert.reader).toBe(true);
    expect(insert.all(['a'])).toEqual([{ id: 1 }]);
    const run = db.prepare('insert into t (name) values (?)');
    expect(run.reader).toBe(false);
    expect(Number(run.run(['b']).changes)).toBe(1);
    expect(
      db
        .prepare('select name from t where id > ? order by id')
        .all([0])
        .map((r) => ({ ...(r as object) })),
    ).toEqual([{ name: 'a' }, { name: 'b' }]);
    db.close();
  });
});
