/**
 * Migration 0009 carries reasons given before it: a chat's reason to the technician who owned it at
 * the end, an accepted transfer's reason to the technician who handed the chat on; an owner who had
 * not given the reason for a chat the customer ended owes it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src/server/store/migrations/index.js';
import { openSqliteConnection } from '../../../src/server/store/sqlite-driver.js';

describe('migration 0009 (wrap-up reasons per technician)', () => {
  it('carries earlier reasons over to the technicians who gave them', async () => {
    // The connection the server uses on this Node (better-sqlite3, or node:sqlite on Node 24).
    const file = await openSqliteConnection(join(mkdtempSync(join(tmpdir(), 'desk-0009-')), 'd.db'));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: file }) });
    // The rows below stand alone: no technicians, companies or contacts behind them.
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations('sqlite') } });
    expect((await migrator.migrateTo('0008_customer_actors')).error).toBeUndefined();
    const chat = (id: number, owner: number, state: string, wrapup: string | null, endedBy: string | null) =>
      sql`INSERT INTO chats (id, company_id, contact_id, queue_id, state, initiated_by, owner_id, wrapup, ended_by,
            requested_at, accepted_at, ended_at, updated_at)
          VALUES (${id}, 1, 1, 1, ${state}, 'customer', ${owner}, ${wrapup}, ${endedBy}, 1, 2, 3, 3)`.execute(db);
    const part = (chatId: number, tech: number, role: string, state: string) =>
      sql`INSERT INTO chat_participants (chat_id, technician_id, role, state, created_at, updated_at)
          VALUES (${chatId}, ${tech}, ${role}, ${state}, 1, 1)`.execute(db);
    // Chat 1: Tech 2 handed it to tech 3, who ended it. Chat 2: the customer left, no reason yet.
    await chat(1, 3, 'ended', 'Resolved', 'technician:3');
    await part(1, 2, 'owner', 'left');
    await part(1, 3, 'owner', 'left');
    await part(1, 4, 'conference', 'left');
    await sql`INSERT INTO chat_transfers (chat_id, from_id, to_technician_id, reason, state, created_at, expires_at, answered_at)
          VALUES (1, 2, 3, 'Handed over', 'accepted', 1, 9, 2)`.execute(db);
    await chat(2, 2, 'ended', null, 'customer');
    await part(2, 2, 'owner', 'left');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await sql<{ chat_id: number; technician_id: number; wrapup: string | null; wrapup_due: number }>`
      SELECT chat_id, technician_id, wrapup, wrapup_due FROM chat_participants ORDER BY chat_id, technician_id`.execute(
      db,
    );
    expect(rows.rows.map((r) => [r.chat_id, r.technician_id, r.wrapup, r.wrapup_due])).toEqual([
      [1, 2, 'Handed over', 0],
      [1, 3, 'Resolved', 0],
      [1, 4, null, 0],
      [2, 2, null, 1],
    ]);
    await db.destroy();
  });
});
