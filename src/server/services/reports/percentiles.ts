/**
 * Count, mean, p50, p90 and max of a measure per group, in SQL: `percentile_cont` on PostgreSQL; on
 * SQLite the same linear interpolation between the two nearest ranks, optionally with the totals over
 * every group in the same query (a row with `t` = 1), so the facts are read once for both.
 */
import { sql, type RawBuilder } from 'kysely';

type Sql = RawBuilder<unknown>;

/** The percentiles every measure reports, by the suffix of their field names. */
export const PERCENTILES = [
  ['P50', 0.5],
  ['P90', 0.9],
] as const;

/**
 * PostgreSQL: `<prefix>Count`, `Mean`, `P50`, `P90`, `Max` and `Sum` (for totals made of groups)
 * of `x`, as a select list.
 */
export function percentileAggregates(prefix: string): Sql {
  const name = (p: string) => `"${prefix}${p}"`;
  return sql.raw(
    [
      `count(*) AS ${name('Count')}`,
      `avg(x) AS ${name('Mean')}`,
      ...PERCENTILES.map(([suffix, p]) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY x) AS ${name(suffix)}`),
      `max(x) AS ${name('Max')}`,
      `sum(x) AS ${name('Sum')}`,
    ].join(', '),
  );
}

/**
 * SQLite: the query over `base` (rows `k`, `x`) answering `k`, `t` (1 for the totals row, when asked
 * for) and `<prefix>Count`, `Mean`, `P50`, `P90` and `Max`.
 */
export function percentileQuery(base: Sql, prefix: string, withTotals: boolean): Sql {
  const names = (p: string) => sql.raw(`"${prefix}${p}"`);
  // SQLite: first a histogram (one row per group and distinct value, with how many facts have it;
  // the totals' histogram is summed from it), then each value's rank span from a running count over
  // the histogram, so the window functions run over the distinct values rather than over every fact.
  // Rank r (0-based) of a group holds the value whose span [before, before + n) contains r; the
  // interpolation is percentile_cont's.
  const pct = (p: number) => {
    const pos = `(${p} * (c - 1))`;
    const lo = `CAST(${pos} AS INTEGER)`;
    const at = (r: string) => `${r} >= before AND ${r} < before + n`;
    return sql.raw(
      `SUM(CASE WHEN ${at(lo)} THEN x * (1 - (${pos} - ${lo})) ELSE 0 END + CASE WHEN ${at(`${lo} + 1`)} THEN x * (${pos} - ${lo}) ELSE 0 END)`,
    );
  };
  const histogram = withTotals
    ? sql`SELECT 0 AS t, k, x, n FROM h UNION ALL SELECT 1 AS t, NULL AS k, x, SUM(n) AS n FROM h GROUP BY x`
    : sql`SELECT 0 AS t, k, x, n FROM h`;
  return sql`WITH h AS (SELECT k, x, count(*) AS n FROM (${base}) b GROUP BY k, x)
    SELECT k, t, SUM(n) AS ${names('Count')}, SUM(x * n) * 1.0 / SUM(n) AS ${names('Mean')},
      ${sql.join(PERCENTILES.map(([suffix, p]) => sql`${pct(p)} AS ${names(suffix)}`))}, max(x) AS ${names('Max')}
      FROM (SELECT t, k, x, n, SUM(n) OVER (PARTITION BY t, k ORDER BY x ROWS UNBOUNDED PRECEDING) - n AS before,
                   SUM(n) OVER (PARTITION BY t, k) AS c
            FROM (${histogram}) hh) w GROUP BY t, k`;
}
