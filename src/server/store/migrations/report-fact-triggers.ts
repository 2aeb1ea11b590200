/**
 * The triggers that keep the report facts (0017) in step with tickets, their SLA clocks and their status
 * changes: each write to those tables changes the facts in the same statement, so in the same transaction,
 * whichever code path (or bulk load) made it. Written once as SQL statements over a row `N` (the new row)
 * or `O` (the old one), then wrapped as SQLite triggers or PostgreSQL trigger functions.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/** 1 when a ticket counts in reports (not deleted, not spam). */
const live = (row: string) => `CASE WHEN ${row}.deleted_at IS NULL AND ${row}.is_spam = 0 THEN 1 ELSE 0 END`;

/** The ticket columns the facts copy, as `column = value` pairs of row `N`. */
const ticketColumns = (row: string) =>
  `live = ${live(row)}, company_id = ${row}.company_id, assignee_id = ${row}.assignee_id, priority = ${row}.priority, type = ${row}.type`;

/** The SLA facts of a clock row: its met and breach times and the clock times (Pending left out). */
export const slaFacts = (row: string) => ({
  response_met_at: `${row}.response_met_at`,
  first_response_ms: `${row}.response_met_at - (${row}.response_due_at - ${row}.response_target_ms)`,
  response_breached_at: `${row}.response_breached_at`,
  resolution_met_at: `${row}.resolution_met_at`,
  // Resolved from Pending: the clock stopped when the ticket went Pending.
  resolution_ms: `CASE WHEN ${row}.clock = 'stopped' THEN COALESCE(${row}.paused_at, ${row}.resolution_met_at) - (${row}.resolution_due_at - ${row}.resolution_target_ms) END`,
  resolution_breached_at: `${row}.resolution_breached_at`,
});

export const ticketFactValues = (row: string) => ({
  ticket_id: `${row}.id`,
  live: live(row),
  company_id: `${row}.company_id`,
  assignee_id: `${row}.assignee_id`,
  priority: `${row}.priority`,
  type: `${row}.type`,
  sentiment: `${row}.sentiment`,
  created_at: `${row}.created_at`,
});

/** `INSERT INTO ticket_status_facts … SELECT` of activity row `row`, with its ticket's facts `f`. */
export const statusFactInsert = (row: string, from: string) =>
  `INSERT INTO ticket_status_facts (activity_id, ticket_id, at, old_value, new_value, live, company_id, assignee_id, priority, type)
   SELECT ${row}.id, ${row}.ticket_id, ${row}.created_at, ${row}.old_value, ${row}.new_value, f.live, f.company_id, f.assignee_id, f.priority, f.type
   FROM ${from}`;

const set = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([column, value]) => `${column} = ${value}`)
    .join(', ');
const nulls = (values: Record<string, string>) =>
  Object.keys(values)
    .map((column) => `${column} = NULL`)
    .join(', ');

const TICKET_FACT_COLUMNS = [
  'deleted_at',
  'is_spam',
  'company_id',
  'assignee_id',
  'priority',
  'type',
  'sentiment',
  'created_at',
];
/** Whether an update changed a column the facts copy (other updates leave the facts alone). */
const ticketChanged = `(${TICKET_FACT_COLUMNS.map((c) => `N.${c} IS DISTINCT FROM O.${c}`).join(' OR ')})`;

interface Trigger {
  readonly name: string;
  readonly table: string;
  readonly insert?: readonly string[];
  readonly update?: readonly string[];
  readonly delete?: readonly string[];
  /** SQLite: fire the update statements only when one of these columns changed. */
  readonly updateOf?: readonly string[];
}

const TRIGGERS: readonly Trigger[] = [
  {
    name: 'ticket_facts_of_ticket',
    table: 'tickets',
    insert: [
      `INSERT INTO ticket_facts (${Object.keys(ticketFactValues('N')).join(', ')}) VALUES (${Object.values(ticketFactValues('N')).join(', ')})`,
    ],
    update: [
      `UPDATE ticket_facts SET ${ticketColumns('N')}, sentiment = N.sentiment, created_at = N.created_at WHERE ticket_id = N.id AND ${ticketChanged}`,
      `UPDATE ticket_status_facts SET ${ticketColumns('N')} WHERE ticket_id = N.id AND ${ticketChanged}`,
    ],
    updateOf: TICKET_FACT_COLUMNS,
    delete: [
      'DELETE FROM ticket_status_facts WHERE ticket_id = O.id',
      'DELETE FROM ticket_facts WHERE ticket_id = O.id',
    ],
  },
  {
    name: 'ticket_facts_of_sla',
    table: 'ticket_sla',
    insert: [`UPDATE ticket_facts SET ${set(slaFacts('N'))} WHERE ticket_id = N.ticket_id`],
    update: [`UPDATE ticket_facts SET ${set(slaFacts('N'))} WHERE ticket_id = N.ticket_id`],
    delete: [`UPDATE ticket_facts SET ${nulls(slaFacts('O'))} WHERE ticket_id = O.ticket_id`],
  },
  {
    name: 'ticket_status_facts_of_activity',
    table: 'ticket_activity',
    insert: [`${statusFactInsert('N', 'ticket_facts f')} WHERE f.ticket_id = N.ticket_id AND N.field = 'status'`],
    update: [
      'DELETE FROM ticket_status_facts WHERE activity_id = O.id',
      `${statusFactInsert('N', 'ticket_facts f')} WHERE f.ticket_id = N.ticket_id AND N.field = 'status'`,
    ],
    delete: ['DELETE FROM ticket_status_facts WHERE activity_id = O.id'],
  },
];

/** SQLite names the rows NEW and OLD. */
const sqlite = (statement: string) => statement.replace(/\bN\./g, 'NEW.').replace(/\bO\./g, 'OLD.');

async function createSqlite(db: Kysely<unknown>, t: Trigger): Promise<void> {
  const events: Array<['INSERT' | 'UPDATE' | 'DELETE', readonly string[] | undefined]> = [
    ['INSERT', t.insert],
    ['UPDATE', t.update],
    ['DELETE', t.delete],
  ];
  for (const [event, statements] of events) {
    if (!statements) continue;
    const of = event === 'UPDATE' && t.updateOf ? ` OF ${t.updateOf.join(', ')}` : '';
    const body = statements.map((s) => `${sqlite(s)};`).join('\n');
    await sql
      .raw(`CREATE TRIGGER ${t.name}_${event.toLowerCase()} AFTER ${event}${of} ON ${t.table} BEGIN\n${body}\nEND`)
      .execute(db);
  }
}

async function createPostgres(db: Kysely<unknown>, t: Trigger): Promise<void> {
  const branch = (event: string, statements: readonly string[] | undefined) =>
    statements
      ? `IF TG_OP = '${event}' THEN\n${statements.map((s) => `${s.replace(/\bN\./g, 'NEW.').replace(/\bO\./g, 'OLD.')};`).join('\n')}\nEND IF;`
      : '';
  await sql
    .raw(
      `CREATE FUNCTION ${t.name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
${branch('INSERT', t.insert)}
${branch('UPDATE', t.update)}
${branch('DELETE', t.delete)}
RETURN NULL;
END
$fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${t.name} AFTER INSERT OR UPDATE OR DELETE ON ${t.table} FOR EACH ROW EXECUTE FUNCTION ${t.name}()`,
    )
    .execute(db);
}

export async function createReportFactTriggers(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  for (const t of TRIGGERS) await (dialect === 'sqlite' ? createSqlite(db, t) : createPostgres(db, t));
}
