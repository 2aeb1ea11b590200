/**
 * Migration 0017 fills the report facts from the tickets, SLA clocks and status changes there are, and its
 * triggers keep them in step with every later write, in the same transaction.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src/server/store/migrations/index.js';
import { openSqliteConnection } from '../../../src/server/store/sqlite-driver.js';

const HOUR = 3_600_000;

describe('migration 0017 (report facts)', () => {
  it('fills the facts from existing tickets and keeps them on every write', async () => {
    const file = await openSqliteConnection(join(mkdtempSync(join(tmpdir(), 'desk-0017-')), 'd.db'));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: file }) });
    // The rows below stand alone: no technicians or companies behind them.
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    const all = migrations('sqlite');
    const names = Object.keys(all).sort();
    const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
    const before = names[names.indexOf('0017_report_facts') - 1] as string;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();

    const ticket = (id: number, spam: number) =>
      sql`INSERT INTO tickets (id, company_id, title, status, type, priority, priority_rank, impact, activity_status,
            assignee_id, created_by_id, created_at, updated_at, is_spam)
          VALUES (${id}, 3, 'T', 'resolved', 'incident', 'high', 3, 'none', 'read', 7, 1, ${id * HOUR}, 0, ${spam})`.execute(
        db,
      );
    await ticket(1, 0);
    await ticket(2, 1);
    // Ticket 1: responded 30 minutes into its clock, resolved after 2 hours of it, then stopped.
    await sql`INSERT INTO ticket_sla (ticket_id, clock, started_at, paused_at, paused_total_ms, response_target_ms,
          resolution_target_ms, response_due_at, resolution_due_at, response_met_at, resolution_met_at)
        VALUES (1, 'stopped', ${HOUR}, NULL, 0, ${HOUR}, ${8 * HOUR}, ${2 * HOUR}, ${9 * HOUR}, ${1.5 * HOUR}, ${3 * HOUR})`.execute(
      db,
    );
    await sql`INSERT INTO ticket_activity (id, ticket_id, actor_kind, field, old_value, new_value, created_at)
        VALUES (1, 1, 'technician', 'status', 'open', 'resolved', ${3 * HOUR}),
               (2, 1, 'technician', 'priority', 'low', 'high', ${3 * HOUR})`.execute(db);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const facts = async () =>
      (
        await sql<Record<string, unknown>>`SELECT ticket_id, live, assignee_id, priority, first_response_ms,
            resolution_met_at, resolution_ms FROM ticket_facts ORDER BY ticket_id`.execute(db)
      ).rows.map((r) => Object.values(r).map((v) => (v === null ? null : typeof v === 'string' ? v : Number(v))));
    const changes = async () =>
      (
        await sql<Record<string, unknown>>`SELECT activity_id, ticket_id, new_value, live, assignee_id
            FROM ticket_status_facts ORDER BY activity_id`.execute(db)
      ).rows.map((r) => Object.values(r).map((v) => (v === null ? null : typeof v === 'string' ? v : Number(v))));
    expect(await facts()).toEqual([
      [1, 1, 7, 'high', 0.5 * HOUR, 3 * HOUR, 2 * HOUR],
      [2, 0, 7, 'high', null, null, null],
    ]);
    expect(await changes()).toEqual([[1, 1, 'resolved', 1, 7]]);

    // Later writes: reassigned and deleted, reopened, the clock running again, a new ticket.
    await sql`UPDATE tickets SET assignee_id = 8, deleted_at = 5 WHERE id = 1`.execute(db);
    await sql`INSERT INTO ticket_activity (id, ticket_id, actor_kind, field, old_value, new_value, created_at)
        VALUES (3, 1, 'technician', 'status', 'resolved', 'open', ${4 * HOUR})`.execute(db);
    await sql`UPDATE ticket_sla SET clock = 'running', resolution_met_at = NULL WHERE ticket_id = 1`.execute(db);
    await ticket(3, 0);
    expect(await facts()).toEqual([
      [1, 0, 8, 'high', 0.5 * HOUR, null, null],
      [2, 0, 7, 'high', null, null, null],
      [3, 1, 7, 'high', null, null, null],
    ]);
    expect(await changes()).toEqual([
      [1, 1, 'resolved', 0, 8],
      [3, 1, 'open', 0, 8],
    ]);
    await sql`DELETE FROM ticket_activity WHERE id = 3`.execute(db);
    await sql`DELETE FROM ticket_sla WHERE ticket_id = 1`.execute(db);
    expect((await changes()).map((c) => c[0])).toEqual([1]);
    expect((await facts())[0]).toEqual([1, 0, 8, 'high', null, null, null]);
    await db.destroy();
  });
});
