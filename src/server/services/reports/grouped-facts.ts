/**
 * Facts grouped for every report: SQL that groups facts by period or by technician, company, queue,
 * priority or type, within the range and the scope of a report's context (report-context.ts).
 * Aggregates and percentiles run in the database (each database's `percentile_cont`, see
 * measure-stats.ts); JavaScript only joins the grouped answers.
 */
import { sql, type RawBuilder } from 'kysely';
import { invalid } from '../../../core/errors.js';
import type { Period } from '../../../core/report-periods.js';
import type { Dialect } from '../../store/dialect.js';
import type { ReportContext } from './report-context.js';

type Sql = RawBuilder<unknown>;

/** The columns of a fact table a report can cut by. `time` is when the fact happened. */
export interface Facts {
  readonly time: string;
  readonly company?: string;
  readonly technician?: string;
  readonly queue?: string;
  readonly priority?: string;
  readonly type?: string;
}

/**
 * The period a time falls in, as SQL, for facts already limited to the range and read in one go (a
 * union; other facts are read period by period, see perPeriod). On PostgreSQL `width_bucket` over the
 * periods' starts: a binary search in C (10-15% faster than the CASEs below over a year by day at a
 * million facts). On SQLite a binary search written out as nested CASEs, about log2(periods)
 * comparisons per fact.
 */
function periodKey(ctx: ReportContext, periods: readonly Period[], time: string): string {
  if (ctx.dialect !== 'postgres') return periodIndex(periods, time);
  if (periods.length === 1) return '0';
  const starts = periods.slice(1).map((p) => Math.trunc(p.start));
  return `width_bucket(${time}, ARRAY[${starts.join(', ')}]::bigint[])`;
}

function periodIndex(periods: readonly Period[], time: string, lo = 0, hi = periods.length - 1): string {
  if (lo >= hi) return String(lo);
  const mid = (lo + hi) >> 1;
  const start = Math.trunc(periods[mid + 1]?.start ?? 0);
  return `CASE WHEN ${time} < ${start} THEN ${periodIndex(periods, time, lo, mid)} ELSE ${periodIndex(periods, time, mid + 1, hi)} END`;
}

/** The group key of a fact: a period index, a column, or `0` for the totals. */
function keyOf(ctx: ReportContext, facts: Facts, totals: boolean): string {
  if (totals) return '0';
  if (ctx.periods) return periodKey(ctx, ctx.periods, facts.time);
  const column = facts[ctx.by as keyof Facts];
  if (!column) throw invalid(`this report cannot be grouped by ${ctx.by}`, 'by');
  return column;
}

/**
 * Conditions every fact query has: the range (from `start` to `end` by default, or two SQL bounds)
 * and the caller's scope, and the --company filter.
 */
function conditions(ctx: ReportContext, facts: Facts, ownColumn?: string, range?: readonly [Sql, Sql]): Sql {
  const [from, to] = range ?? [sql`${ctx.start}`, sql`${ctx.end}`];
  const parts: Sql[] = [sql`${sql.raw(facts.time)} >= ${from}`, sql`${sql.raw(facts.time)} < ${to}`];
  if (ctx.companyId !== undefined && facts.company) parts.push(sql`${sql.raw(facts.company)} = ${ctx.companyId}`);
  if (!ctx.scope.all) parts.push(scopeCondition(ctx, facts.company, ownColumn));
  return sql.join(parts, sql` AND `);
}

/** The restriction of a technician without the reports right: granted companies, or their own rows. */
export function scopeCondition(ctx: ReportContext, companyColumn?: string, ownColumn?: string): Sql {
  const options: Sql[] = [];
  if (companyColumn && ctx.scope.companyIds.length) {
    options.push(sql`${sql.raw(companyColumn)} IN (${sql.join(ctx.scope.companyIds.map((id) => sql`${id}`))})`);
  }
  if (ownColumn) options.push(sql`${sql.raw(ownColumn)} = ${ctx.scope.selfId}`);
  return options.length ? sql`(${sql.join(options, sql` OR `)})` : sql`1 = 0`;
}

export interface FactQuery {
  readonly facts: Facts;
  /** `FROM … JOIN …` */
  readonly from: string;
  /** Extra conditions (already SQL). */
  readonly where?: Sql;
  /** Rows a technician may see as their own, regardless of company. */
  readonly own?: string;
  /**
   * The FROM without its joins, for when none of the `needs` columns (which come from the joined
   * table) is asked for: no company filter or company scope, no grouping by one of them. It holds the
   * same rows as `from` (a join that drops no row, as a required foreign key, or the rows it would
   * drop left out another way) and takes the same `where`.
   */
  readonly alone?: { readonly from: string; readonly needs: readonly (keyof Facts)[] };
  /**
   * The databases with an index of these facts by technician (`live`, the technician column, then
   * `time`): counts by technician read it one technician at a time.
   */
  readonly technicianIndex?: readonly Dialect[];
  /**
   * The FROM is a subquery (a union): a read per period would evaluate it whole for each period, so
   * its facts are grouped in one read.
   */
  readonly subquery?: true;
}

/** The FROM a fact query needs for this report: without its join when nothing asks for it. */
function fromOf(ctx: ReportContext, q: FactQuery, totals: boolean): string {
  if (!q.alone) return q.from;
  const asked = new Set<string>();
  if (ctx.companyId !== undefined || !ctx.scope.all) asked.add('company');
  if (!totals && !ctx.periods) asked.add(ctx.by);
  return q.alone.needs.some((column) => asked.has(column)) ? q.from : q.alone.from;
}

/** The parts of a fact query: its group key, FROM and WHERE (over `range` when given). */
export function shape(ctx: ReportContext, q: FactQuery, totals: boolean, range?: readonly [Sql, Sql]) {
  const key = keyOf(ctx, q.facts, totals);
  const own = conditions(ctx, q.facts, q.own, range);
  const where = q.where ? sql`${own} AND ${q.where}` : own;
  // One group (the totals, or a single period) is a constant key: no GROUP BY, which would read a
  // number as a column position.
  return { key: sql.raw(key), grouped: !/^\d+$/.test(key), from: sql.raw(fromOf(ctx, q, totals)), where };
}

/** The WHERE of a fact query over the whole range (no grouping), for reports' own queries. */
export function rangeWhere(ctx: ReportContext, q: FactQuery): Sql {
  return shape({ ...ctx, periods: null }, q, true).where;
}

export type Grouped = Map<string, Record<string, number | null>>;

/** A group's key as answers hold it: `none` for NULL (the unassigned, no company and the like). */
function groupId(k: unknown): string {
  return k === null || k === undefined ? 'none' : String(k);
}

/** The answer by group key. */
async function run(ctx: ReportContext, query: Sql): Promise<Grouped> {
  const rows = await ctx.read(query);
  const out: Grouped = new Map();
  for (const row of rows as Array<Record<string, unknown>>) {
    const { k, ...rest } = row;
    const values: Record<string, number | null> = {};
    for (const [name, v] of Object.entries(rest)) values[name] = v === null || v === undefined ? null : Number(v);
    out.set(groupId(k), values);
  }
  return out;
}

/** Counts and sums a report asks of its facts: SQL aggregate expressions by the name they answer as. */
export type Aggregates = Readonly<Record<string, string>>;

/** `SELECT key, <aggregates> … GROUP BY key`: counts and sums, per group (or for the totals). */
export function counts(ctx: ReportContext, q: FactQuery, aggregates: Aggregates, totals: boolean): Promise<Grouped> {
  const apart = perPeriod(ctx, q, totals);
  if (apart) return periodCounts(ctx, apart, aggregates);
  if (!totals && ctx.by === 'technician' && q.technicianIndex?.includes(ctx.dialect) && q.facts.technician) {
    return technicianCounts(ctx, q, q.facts.technician.replace(/^\+/, ''), aggregates);
  }
  const s = shape(ctx, q, totals);
  const list = aggregateList(aggregates);
  return run(
    ctx,
    sql`SELECT ${s.key} AS k, ${list} FROM ${s.from} WHERE ${s.where}${s.grouped ? sql` GROUP BY ${s.key}` : sql``}`,
  );
}

/**
 * A fact query grouped by period reads each period's facts from the index over its own range:
 * SQLite groups by sorting every fact (it has no hash aggregation), and PostgreSQL sorts each
 * period's facts for its percentiles faster than a whole range's (measured at a million tickets: a
 * year by month 200 against 590 ms) and counts a period's index range faster than it groups a whole
 * range (130 against 220 ms). The parts of such a query: `WITH p(i, s, e)` (the periods' index and
 * bounds), and its FROM and WHERE over period p's range. Null for the totals, other groupings and a
 * FROM that is a union.
 */
function perPeriod(ctx: ReportContext, q: FactQuery, totals: boolean) {
  if (!ctx.periods || totals || q.subquery) return null;
  return {
    periods: sql`WITH p(i, s, e) AS (VALUES ${periodRows(ctx.periods)})`,
    ...shape(ctx, q, true, [sql`p.s`, sql`p.e`]),
  };
}

type PerPeriod = NonNullable<ReturnType<typeof perPeriod>>;

/**
 * Counts and sums per period: on SQLite a subquery per period aggregates its facts and answers the
 * aggregates as one JSON array (it has no LATERAL); on PostgreSQL a LATERAL subquery per period.
 * Facts are read in index order and nothing is sorted.
 */
async function periodCounts(ctx: ReportContext, s: PerPeriod, aggregates: Aggregates): Promise<Grouped> {
  if (ctx.dialect === 'postgres') {
    return run(
      ctx,
      sql`${s.periods} SELECT p.i AS k, a.* FROM p CROSS JOIN LATERAL (SELECT ${aggregateList(aggregates)} FROM ${s.from} WHERE ${s.where}) a`,
    );
  }
  return jsonCounts(
    ctx,
    sql`${s.periods} SELECT p.i AS k, (SELECT ${jsonAggregates(aggregates)} FROM ${s.from} WHERE ${s.where}) AS v FROM p`,
    aggregates,
  );
}

/**
 * Grouped by technician where the facts have an index by technician (`technicianIndex`): a subquery
 * per technician, and one for the unassigned, reads that technician's range of the index (a LATERAL
 * one on PostgreSQL). Grouping the whole range sorted every fact by technician (a year's resolved
 * status changes at a million on SQLite: 110 against 400 ms; first responses' percentiles on
 * PostgreSQL: 100 against 400 ms). Technicians without facts have no group, as when grouped.
 */
async function technicianCounts(
  ctx: ReportContext,
  q: FactQuery,
  column: string,
  aggregates: Aggregates,
): Promise<Grouped> {
  const s = shape(ctx, q, true);
  const whose = (which: string) => sql`FROM ${s.from} WHERE ${s.where} AND ${sql.raw(which)}`;
  if (ctx.dialect === 'postgres') {
    const list = aggregateList({ [FACTS]: 'count(*)', ...aggregates });
    const answer = await run(
      ctx,
      sql`SELECT g.id AS k, a.* FROM technicians g CROSS JOIN LATERAL (SELECT ${list} ${whose(`${column} = g.id`)}) a
        UNION ALL SELECT NULL AS k, ${list} ${whose(`${column} IS NULL`)}`,
    );
    return new Map(
      [...answer].flatMap(([id, { [FACTS]: facts, ...values }]) => (facts === 0 ? [] : [[id, values] as const])),
    );
  }
  const of = (which: string) => sql`(SELECT ${jsonAggregates(aggregates)} ${whose(which)})`;
  return jsonCounts(
    ctx,
    sql`SELECT g.id AS k, ${of(`${column} = g.id`)} AS v FROM technicians g
      UNION ALL SELECT NULL AS k, ${of(`${column} IS NULL`)} AS v`,
    aggregates,
    true,
  );
}

/** The name a group's count of facts answers as, beside its aggregates. */
const FACTS = 'facts_in_group';

/** SQLite: the facts' count and the aggregates as one JSON array, for a subquery answering one value. */
function jsonAggregates(aggregates: Aggregates): Sql {
  return sql`json_array(count(*), ${sql.raw(Object.values(aggregates).join(', '))})`;
}

/** The answer of rows `k`, `v` (a jsonAggregates array) by group key; with `factsOnly`, the groups that have facts. */
async function jsonCounts(ctx: ReportContext, query: Sql, aggregates: Aggregates, factsOnly = false): Promise<Grouped> {
  const names = Object.keys(aggregates);
  const out: Grouped = new Map();
  for (const row of (await ctx.read(query)) as Array<{ k: unknown; v: string }>) {
    const [facts, ...values] = JSON.parse(row.v) as [number, ...Array<number | null>];
    if (factsOnly && facts === 0) continue;
    out.set(groupId(row.k), Object.fromEntries(names.map((name, i) => [name, values[i] ?? null])));
  }
  return out;
}

/**
 * PostgreSQL: how many facts of each group have each combination of `columns`' values (a handful per
 * group), for figures classified in JavaScript: hashing two short texts per fact costs less than
 * evaluating conditions on them (status changes by month at a million: 135 against 225 ms).
 */
export async function countsByValues(
  ctx: ReportContext,
  q: FactQuery,
  columns: readonly string[],
  totals: boolean,
): Promise<Array<{ readonly k: string; readonly values: readonly string[]; readonly n: number }>> {
  if (ctx.dialect !== 'postgres') throw new Error('countsByValues runs on PostgreSQL');
  const list = sql.raw(columns.map((c, i) => `${c} AS v${i}`).join(', '));
  const by = sql.raw(columns.map((_, i) => `v${i}`).join(', '));
  const apart = perPeriod(ctx, q, totals);
  let query: Sql;
  if (apart) {
    query = sql`${apart.periods} SELECT p.i AS k, a.* FROM p CROSS JOIN LATERAL
      (SELECT ${list}, count(*) AS n FROM ${apart.from} WHERE ${apart.where} GROUP BY ${by}) a`;
  } else {
    const s = shape(ctx, q, totals);
    query = sql`SELECT ${s.key} AS k, ${list}, count(*) AS n FROM ${s.from} WHERE ${s.where}
      GROUP BY ${s.grouped ? sql`${s.key}, ` : sql``}${by}`;
  }
  const rows = await ctx.read(query);
  return (rows as Array<Record<string, unknown>>).map((row) => ({
    k: groupId(row.k),
    values: columns.map((_, i) => String(row[`v${i}`])),
    n: Number(row.n),
  }));
}

/** `<expression> AS "<name>", …` */
function aggregateList(aggregates: Aggregates): Sql {
  return sql.raw(
    Object.entries(aggregates)
      .map(([name, expression]) => `${expression} AS "${name}"`)
      .join(', '),
  );
}

/** The periods as rows `(index, start, end)` of a VALUES list. */
function periodRows(periods: readonly Period[]): Sql {
  return sql.join(
    periods.map((p, i) => sql`(${sql.lit(i)}, ${sql.lit(Math.trunc(p.start))}, ${sql.lit(Math.trunc(p.end))})`),
  );
}

/** The totals of counts and sums: the groups' sums (every fact is in one group, the periods cover the range). */
export function summed(answer: Grouped): Grouped {
  const total: Record<string, number> = {};
  for (const values of answer.values()) {
    for (const [name, v] of Object.entries(values)) total[name] = (total[name] ?? 0) + (v ?? 0);
  }
  return new Map([['0', total]]);
}

/** The rows' keys and labels: every period (empty ones too), or every group some query answered for. */
export async function rowKeys(
  ctx: ReportContext,
  answers: readonly Grouped[],
): Promise<Array<{ key: string; label: string; start?: string; end?: string; id: string }>> {
  if (ctx.periods) {
    return ctx.periods.map((p, i) => ({
      id: String(i),
      key: p.key,
      label: p.key,
      start: new Date(p.start).toISOString(),
      end: new Date(p.end).toISOString(),
    }));
  }
  const ids = [...new Set(answers.flatMap((a) => [...a.keys()]))];
  const numeric = ids.filter((id) => id !== 'none').map(Number);
  const names = new Map<string, string>();
  const table =
    ctx.by === 'technician'
      ? 'technicians'
      : ctx.by === 'company'
        ? 'companies'
        : ctx.by === 'queue'
          ? 'chat_queues'
          : null;
  if (table && numeric.length) {
    const rows = await ctx.db.selectFrom(table).select(['id', 'name']).where('id', 'in', numeric).execute();
    for (const r of rows) names.set(String(r.id), r.name);
  }
  const none = ctx.by === 'technician' ? 'Unassigned' : 'None';
  const rows = ids.map((id) => ({ id, key: id, label: id === 'none' ? none : (names.get(id) ?? id) }));
  return rows.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
}

/** A figure of a group from one of the answers: a count (0 when absent) or a measure (null when absent). */
export function countOf(answer: Grouped, id: string, name: string): number {
  return answer.get(id)?.[name] ?? 0;
}
export function measureOf(answer: Grouped, id: string, name: string): number | null {
  return answer.get(id)?.[name] ?? null;
}

/** a / b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** The SQL for a ticket counted in reports: not deleted, not spam. */
export const LIVE_TICKET = 't.deleted_at IS NULL AND t.is_spam = 0';
/** Its opposite, as the index of the few such tickets says it (migration 0025). */
export const NOT_LIVE_TICKET = 't.deleted_at IS NOT NULL OR t.is_spam <> 0';

/** The columns of a ticket a report can cut by. */
export function ticketFacts(time: string): Facts {
  return { time, company: 't.company_id', technician: 't.assignee_id', priority: 't.priority', type: 't.type' };
}
