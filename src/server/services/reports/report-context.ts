/**
 * What a report is asked: its query parsed (range, grouping, filters), the periods cut in the caller's
 * time zone, who may see which figures, and how its queries are run.
 */
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { invalid } from '../../../core/errors.js';
import { isTimeZone } from '../../../core/time-reports.js';
import { GROUPS_OF, reportQuery, type ReportGroup, type ReportName } from '../../../core/reports.js';
import {
  PERIOD_GROUPS,
  addDays,
  formatLocalDate,
  localDateOf,
  parseLocalDate,
  periodsOf,
  zonedMidnight,
  type Period,
  type PeriodGroup,
} from '../../../core/report-periods.js';

type Db = Kysely<Database>;

/** Who sees what: everything (admin or the reports right), or their own figures and granted companies'. */
export interface ReportScope {
  readonly all: boolean;
  readonly selfId: number;
  readonly companyIds: readonly number[];
}

export interface ReportContext {
  readonly db: Db;
  readonly dialect: Store['dialect'];
  readonly by: ReportGroup;
  readonly tz: string;
  readonly from: string;
  readonly to: string;
  /** The range in epoch milliseconds, `to` exclusive. */
  readonly start: number;
  readonly end: number;
  /** The server's time when the report was asked for. */
  readonly now: number;
  /** The periods when grouped by day, week or month. */
  readonly periods: readonly Period[] | null;
  readonly companyId: number | undefined;
  readonly queue: string | undefined;
  readonly list: boolean;
  readonly scope: ReportScope;
  /** Runs a report query (see Store.readLong). */
  readonly read: <R>(query: RawBuilder<R>) => Promise<R[]>;
}

/** Parses the query, cuts the periods and works out the caller's scope. */
export async function reportContext(
  store: Store,
  actor: Actor,
  name: ReportName,
  raw: unknown,
  fallback: ReportGroup,
): Promise<ReportContext> {
  const q = reportQuery.parse(raw);
  if (!isTimeZone(q.tz)) throw invalid(`unknown time zone "${q.tz}"`, 'tz');
  const by = q.by ?? fallback;
  if (!GROUPS_OF[name].includes(by)) {
    throw invalid(`the ${name} report groups by ${GROUPS_OF[name].join(', ')}; not by ${by}`, 'by');
  }
  if (q.queue !== undefined && name !== 'chats') throw invalid('--queue applies to the chats report only', 'queue');
  const date = (raw: string | undefined, field: string) => {
    if (raw === undefined) return undefined;
    const d = parseLocalDate(raw);
    if (!d) throw invalid(`"${raw}" is not a calendar date`, field);
    return d;
  };
  let to = date(q.to, 'to');
  let from = date(q.from, 'from');
  to ??= from ? addDays(from, 6) : localDateOf(store.now(), q.tz);
  from ??= addDays(to, -6);
  if (formatLocalDate(from) > formatLocalDate(to)) throw invalid('--from must not be after --to', 'from');
  const periods = (PERIOD_GROUPS as readonly string[]).includes(by)
    ? periodsOf(from, to, by as PeriodGroup, q.tz)
    : null;
  const me = await store.db
    .selectFrom('technicians')
    .select(['is_admin', 'can_report'])
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  const all = actor.admin || me.is_admin === 1 || me.can_report === 1;
  const grants = all
    ? []
    : await store.db.selectFrom('grants').select('company_id').where('technician_id', '=', actor.id).execute();
  return {
    db: store.db,
    dialect: store.dialect,
    by,
    tz: q.tz,
    from: formatLocalDate(from),
    to: formatLocalDate(to),
    start: zonedMidnight(from, q.tz),
    end: zonedMidnight(addDays(to, 1), q.tz),
    now: store.now(),
    periods,
    companyId: q.company,
    queue: q.queue,
    list: q.list === true,
    scope: { all, selfId: actor.id, companyIds: grants.map((g) => Number(g.company_id)) },
    read: (query) => store.readLong(query),
  };
}

/** The range part of every answer. */
export function rangeOf(ctx: ReportContext) {
  return { from: ctx.from, to: ctx.to, tz: ctx.tz, by: ctx.by };
}
