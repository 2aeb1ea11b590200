/**
 * Count, mean, p50, p90 and max of a measure (a duration of each fact) per group and for the totals,
 * computed in the database.
 *
 * SQLite reads the facts once for both, through a histogram of the values (percentiles.ts).
 * PostgreSQL sorts each group's facts for its percentile_cont: per period, each period's facts from
 * its own index range (grouped-facts.ts perPeriod), and so each technician's where the measure has
 * an index by technician. The totals' percentiles would sort every fact of the range once more; where
 * the measure has an index in the order of its values, they are read at their rank instead — the
 * facts' count is the groups' sum, and the two values around each percentile's rank are the ones at
 * that offset in the index.
 */
import { sql, type RawBuilder } from 'kysely';
import { percentileQuery, PERCENTILES, percentileAggregates } from './percentiles.js';
import { perPeriod, run, shape, type FactQuery, type Grouped } from './grouped-facts.js';
import type { ReportContext } from './report-context.js';

type Sql = RawBuilder<unknown>;

/** The indexes PostgreSQL has for a measure (store/migrations/0024_report_measure_indexes.ts). */
export interface MeasureIndexes {
  /** In the order of the measure's values (`live, measure, time, company, assignee`). */
  readonly byValue?: boolean;
  /** By technician, then time (`live, technician, time, measure`). */
  readonly byTechnician?: boolean;
}

/** The figures of a measure per group (`grouped`) and for the whole range (`total`, key `0`). */
export interface MeasureStats {
  readonly grouped: Grouped;
  readonly total: Grouped;
}

export async function statsWithTotals(
  ctx: ReportContext,
  q: FactQuery,
  measure: string,
  prefix: string,
  indexes: MeasureIndexes = {},
): Promise<MeasureStats> {
  if (ctx.dialect === 'postgres') return postgresStats(ctx, q, measure, prefix, indexes);
  const answer = await run(ctx, percentileQuery(measured(ctx, q, measure), prefix, true), 't');
  const grouped: Grouped = new Map();
  const total: Grouped = new Map([['0', {}]]);
  for (const [id, values] of answer) {
    delete values.t;
    if (id.startsWith('t1:')) total.set('0', values);
    else grouped.set(id.slice(3), values);
  }
  return { grouped, total };
}

/** `SELECT key AS k, measure AS x` of the facts that have the measure, per group. */
function measured(ctx: ReportContext, q: FactQuery, measure: string): Sql {
  const apart = perPeriod(ctx, q, false);
  if (apart) {
    // The periods the outer loop (CROSS JOIN keeps them so on SQLite): no key computed per fact.
    return sql`${apart.periods}
      SELECT p.i AS k, ${sql.raw(measure)} AS x FROM p CROSS JOIN ${apart.from} WHERE ${apart.where} AND ${sql.raw(measure)} IS NOT NULL`;
  }
  const s = shape(ctx, q, false);
  return sql`SELECT ${s.key} AS k, ${sql.raw(measure)} AS x FROM ${s.from} WHERE ${s.where} AND ${sql.raw(measure)} IS NOT NULL`;
}

async function postgresStats(
  ctx: ReportContext,
  q: FactQuery,
  measure: string,
  prefix: string,
  indexes: MeasureIndexes,
): Promise<MeasureStats> {
  const m = sql.raw(measure);
  const aggregates = percentileAggregates(prefix);
  const whole = shape(ctx, q, true);
  const apart = perPeriod(ctx, q, false);
  const technician = ctx.by === 'technician' && indexes.byTechnician ? q.facts.technician : undefined;
  let groups: Sql;
  if (apart) {
    groups = sql`${apart.periods} SELECT p.i AS k, a.* FROM p CROSS JOIN LATERAL
      (SELECT ${aggregates} FROM (SELECT ${m} AS x FROM ${apart.from} WHERE ${apart.where} AND ${m} IS NOT NULL) b) a`;
  } else if (technician !== undefined) {
    // Each technician's facts from their own index range (a sort of a few facts each, not of all of
    // them by technician), then the unassigned ones.
    const t = sql.raw(technician);
    const facts = (which: Sql) =>
      sql`SELECT ${aggregates} FROM (SELECT ${m} AS x FROM ${whole.from} WHERE ${whole.where} AND ${which} AND ${m} IS NOT NULL) b`;
    groups = sql`SELECT g.id AS k, a.* FROM technicians g CROSS JOIN LATERAL (${facts(sql`${t} = g.id`)}) a
      UNION ALL SELECT NULL AS k, u.* FROM (${facts(sql`${t} IS NULL`)}) u`;
  } else {
    const s = shape(ctx, q, false);
    groups = sql`SELECT k, ${aggregates}
      FROM (SELECT ${s.key} AS k, ${m} AS x FROM ${s.from} WHERE ${s.where} AND ${m} IS NOT NULL) b
      ${s.grouped ? sql`GROUP BY k` : sql``}`;
  }
  const totals = indexes.byValue
    ? null
    : run(
        ctx,
        sql`SELECT 0 AS k, ${aggregates} FROM (SELECT ${m} AS x FROM ${whole.from} WHERE ${whole.where} AND ${m} IS NOT NULL) b`,
      );
  const grouped = withoutEmpty(await run(ctx, groups), prefix);
  const total = totals ? await totals : await rankedTotals(ctx, whole, m, prefix, grouped);
  for (const values of [...grouped.values(), ...total.values()]) delete values[`${prefix}Sum`];
  return { grouped, total };
}

/** Groups with facts only (a period's LATERAL answers for an empty period too). */
function withoutEmpty(grouped: Grouped, prefix: string): Grouped {
  return new Map([...grouped].filter(([, values]) => (values[`${prefix}Count`] ?? 0) > 0));
}

/**
 * The totals from the groups' counts, sums and maxima, and each percentile from the two facts around
 * its rank, read at their offset in the measure's order (percentile_cont's interpolation, in the same
 * floating-point steps).
 */
async function rankedTotals(
  ctx: ReportContext,
  whole: ReturnType<typeof shape>,
  m: Sql,
  prefix: string,
  grouped: Grouped,
): Promise<Grouped> {
  const groups = [...grouped.values()];
  const n = groups.reduce((sum, g) => sum + (g[`${prefix}Count`] ?? 0), 0);
  if (n === 0) return new Map([['0', {}]]);
  const sum = groups.reduce((total, g) => total + (g[`${prefix}Sum`] ?? 0), 0);
  const max = Math.max(...groups.map((g) => g[`${prefix}Max`] ?? -Infinity));
  const at = PERCENTILES.map(([, p]) => Math.floor(p * (n - 1)));
  const reads = at.map(
    (offset, i) => sql`SELECT ${sql.lit(i)} AS i, min(x) AS lo, max(x) AS hi FROM
      (SELECT ${m} AS x FROM ${whole.from} WHERE ${whole.where} AND ${m} IS NOT NULL ORDER BY ${m} OFFSET ${sql.lit(offset)} LIMIT 2) r`,
  );
  const rows = await ctx.read(
    sql<{ i: number; lo: string | number; hi: string | number }>`${sql.join(reads, sql` UNION ALL `)}`,
  );
  const values: Record<string, number | null> = {
    [`${prefix}Count`]: n,
    [`${prefix}Mean`]: sum / n,
    [`${prefix}Max`]: max,
  };
  for (const row of rows) {
    const [name, p] = PERCENTILES[Number(row.i)] as (typeof PERCENTILES)[number];
    const pos = p * (n - 1);
    const first = Math.floor(pos);
    const lo = Number(row.lo);
    values[`${prefix}${name}`] = Math.ceil(pos) === first ? lo : lo + (Number(row.hi) - lo) * (pos - first);
  }
  return new Map([['0', values]]);
}
