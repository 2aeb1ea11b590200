/**
 * Time each technician spent Available, Away, RONA and Offline within a report's range, from the
 * availability history: a state lasts from its row until the technician's next row (or until now),
 * and a technician is Offline from their creation until their first row. Each span is clipped to the
 * range, and the range ends at the server's now (a report reaching into the future measures nothing
 * there). Computed in SQL, one row per technician.
 */
import { sql } from 'kysely';
import { scopeCondition, type Grouped } from './grouped-facts.js';
import { type ReportContext } from './report-context.js';

export const AVAILABILITY_STATES = ['available', 'away', 'rona', 'offline'] as const;

/** Milliseconds in each state per technician within the range, as `availableMs`, `awayMs`, `ronaMs`, `offlineMs`. */
export async function availabilityTimes(ctx: ReportContext): Promise<Grouped> {
  const lo = ctx.start;
  const hi = Math.min(ctx.end, ctx.now);
  const out: Grouped = new Map();
  if (hi <= lo) return out;
  const who = ctx.scope.all ? sql`1 = 1` : scopeCondition(ctx, undefined, 'tid');
  const clipped = sql.raw(`CASE WHEN e < ${hi} THEN e ELSE ${hi} END - CASE WHEN s > ${lo} THEN s ELSE ${lo} END`);
  const sums = sql.join(
    AVAILABILITY_STATES.map(
      (state) => sql`SUM(CASE WHEN state = ${sql.lit(state)} THEN ${clipped} ELSE 0 END) AS ${sql.ref(`${state}Ms`)}`,
    ),
  );
  const rows = await ctx.read(sql<Record<string, unknown>>`
    SELECT tid AS k, ${sums} FROM (
      SELECT h.technician_id AS tid, h.state, h.started_at AS s,
        COALESCE(LEAD(h.started_at) OVER (PARTITION BY h.technician_id ORDER BY h.started_at, h.id), ${sql.lit(ctx.now)}) AS e
      FROM availability_history h
      UNION ALL
      SELECT t.id AS tid, 'offline' AS state, t.created_at AS s,
        COALESCE((SELECT MIN(f.started_at) FROM availability_history f WHERE f.technician_id = t.id), ${sql.lit(ctx.now)}) AS e
      FROM technicians t
    ) spans
    WHERE s < ${sql.lit(hi)} AND e > ${sql.lit(lo)} AND ${who}
    GROUP BY tid`);
  for (const row of rows) {
    const values: Record<string, number | null> = {};
    for (const state of AVAILABILITY_STATES) values[`${state}Ms`] = Number(row[`${state}Ms`] ?? 0);
    out.set(String(row.k), values);
  }
  return out;
}
