/**
 * Count, mean, p50, p90 and max of a measure (a duration of each fact) per group and for the totals,
 * computed in the database with its own `percentile_cont` (PostgreSQL's ordered-set aggregate;
 * SQLite's, built into the SQLite that better-sqlite3 and node:sqlite ship). They are counts with
 * percentile aggregates (grouped-facts.ts): per period each period's facts from their own index range,
 * per technician each technician's where the facts have an index by technician, so each group's
 * percentiles sort only its own facts.
 *
 * The totals' percentiles would sort every fact of the range once more. Where the measure has an index
 * in the order of its values (`byValue`), they are read at their rank instead: the facts' count is the
 * groups' sum, and the two values around each percentile's rank are the ones at that offset in the
 * index, counted from its nearer end (a p90 reads the top tenth).
 */
import { sql, type RawBuilder } from 'kysely';
import { counts, shape, type Aggregates, type FactQuery, type Grouped } from './grouped-facts.js';
import type { ReportContext } from './report-context.js';
import type { Dialect } from '../../store/dialect.js';

type Sql = RawBuilder<unknown>;

/** The percentiles every measure reports, by the suffix of their field names. */
const PERCENTILES = [
  ['P50', 0.5],
  ['P90', 0.9],
] as const;

/** The indexes a measure has (store/migrations/0024_report_measure_indexes.ts). */
export interface MeasureIndexes {
  /** In the order of the measure's values (`live, measure, time, company, assignee`). */
  readonly byValue?: boolean;
}

/** The figures of a measure per group (`grouped`) and for the whole range (`total`, key `0`). */
export interface MeasureStats {
  readonly grouped: Grouped;
  readonly total: Grouped;
}

/** `<prefix>Count`, `Mean`, `P50`, `P90`, `Max` and `Sum` (for totals made of groups) of `measure`. */
function measureAggregates(dialect: Dialect, measure: string, prefix: string): Aggregates {
  const percentile = (p: number) =>
    dialect === 'postgres'
      ? `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${measure})`
      : `percentile_cont(${measure}, ${p})`;
  return {
    [`${prefix}Count`]: 'count(*)',
    [`${prefix}Mean`]: `avg(${measure})`,
    ...Object.fromEntries(PERCENTILES.map(([suffix, p]) => [`${prefix}${suffix}`, percentile(p)])),
    [`${prefix}Max`]: `max(${measure})`,
    [`${prefix}Sum`]: `sum(${measure})`,
  };
}

export async function statsWithTotals(
  ctx: ReportContext,
  q: FactQuery,
  measure: string,
  prefix: string,
  indexes: MeasureIndexes = {},
): Promise<MeasureStats> {
  // The facts with the measure. On SQLite written `+measure` so that its planner, which has no
  // statistics here, does not take the index in the measure's order for a range of time.
  const has = sql.raw(`${ctx.dialect === 'sqlite' ? '+' : ''}${measure} IS NOT NULL`);
  const measured: FactQuery = { ...q, where: q.where ? sql`${q.where} AND ${has}` : has };
  const aggregates = measureAggregates(ctx.dialect, measure, prefix);
  const totals = indexes.byValue ? null : counts(ctx, measured, aggregates, true);
  const grouped = withoutEmpty(await counts(ctx, measured, aggregates, false), prefix);
  const total = totals ? await totals : await rankedTotals(ctx, q, measure, prefix, grouped);
  for (const values of [...grouped.values(), ...total.values()]) delete values[`${prefix}Sum`];
  return { grouped, total };
}

/** Groups with facts only (a period without any answers too). */
function withoutEmpty(grouped: Grouped, prefix: string): Grouped {
  return new Map([...grouped].filter(([, values]) => (values[`${prefix}Count`] ?? 0) > 0));
}

/**
 * The totals from the groups' counts, sums and maxima, and each percentile from the two facts around
 * its rank, read at their offset in the measure's order (percentile_cont's interpolation, in the same
 * floating-point steps as PostgreSQL's).
 */
async function rankedTotals(
  ctx: ReportContext,
  q: FactQuery,
  measure: string,
  prefix: string,
  grouped: Grouped,
): Promise<Grouped> {
  const groups = [...grouped.values()];
  const n = groups.reduce((sum, g) => sum + (g[`${prefix}Count`] ?? 0), 0);
  if (n === 0) return new Map([['0', {}]]);
  const sum = groups.reduce((total, g) => total + (g[`${prefix}Sum`] ?? 0), 0);
  const max = Math.max(...groups.map((g) => g[`${prefix}Max`] ?? -Infinity));
  const whole = shape(ctx, q, true);
  const m = sql.raw(measure);
  // Facts `lo` and `lo + 1` in ascending order, read from the nearer end.
  const reads = PERCENTILES.map(([, p], i): Sql => {
    const lo = Math.floor(p * (n - 1));
    const fromTop = lo >= (n - 1) / 2;
    const [order, offset, limit] = fromTop ? ['DESC', Math.max(0, n - 2 - lo), lo === n - 1 ? 1 : 2] : ['ASC', lo, 2];
    return sql`SELECT ${sql.lit(i)} AS i, min(x) AS lo, max(x) AS hi FROM
      (SELECT ${m} AS x FROM ${whole.from} WHERE ${whole.where} AND ${m} IS NOT NULL
       ORDER BY ${m} ${sql.raw(order)} LIMIT ${sql.lit(limit)} OFFSET ${sql.lit(offset)}) r`;
  });
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
