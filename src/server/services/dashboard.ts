/**
 * The supervisor dashboard's snapshot (`GET /v1/dashboard`): chats waiting and in progress,
 * technicians' availability, SLA deadlines coming up and today's counters, all read in one
 * transaction together with the event-log position, so a client that applies the events after
 * `seq` counts nothing twice and misses nothing. Company-scoped like everything else (DESIGN §2.6):
 * a technician sees only the chats, tickets and counts of companies granted to them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { iso } from '../iso-time.js';
import type { Actor } from './actor.js';
import { scopeOf, type Scope } from './access.js';
import { chatViews, headSeq } from './chat/chat-views.js';
import { presenceRows } from './chat/availability.js';
import { invalid } from '../../core/errors.js';
import { isTimeZone } from '../../core/time-reports.js';
import type { PresenceState } from '../../core/chat.js';
import type { Priority } from '../../core/tickets.js';
import {
  DASHBOARD_SLA_HORIZON_MS,
  dashboardQuery,
  dayBounds,
  type Dashboard,
  type DashboardTechnician,
  type SlaDue,
} from '../../core/dashboard.js';

type Db = Kysely<Database>;

/** Restricts a query on a `company_id` column to the companies in scope. */
function companies(scope: Scope): number[] | undefined {
  return scope.all ? undefined : [0, ...scope.companyIds];
}

async function liveChats(db: Db, scope: Scope) {
  let q = db.selectFrom('chats').selectAll().where('state', 'in', ['requested', 'offered', 'active']).orderBy('id');
  const ids = companies(scope);
  if (ids) q = q.where('company_id', 'in', ids);
  return chatViews(db, await q.execute());
}

async function technicians(db: Db): Promise<DashboardTechnician[]> {
  const rows = await db.selectFrom('technicians').select(['id', 'name', 'created_at']).orderBy('name').execute();
  const presence = await presenceRows(db);
  return rows.map((t) => {
    const p = presence.get(t.id);
    return {
      technician: { id: t.id, name: t.name },
      state: (p?.state ?? 'offline') as PresenceState,
      since: iso(p?.changed_at || t.created_at),
      maxChats: p?.max_chats ?? null,
    };
  });
}

/** Unmet, unbreached targets of running SLA clocks due before `until`, soonest first. */
async function slaDue(db: Db, scope: Scope, until: number): Promise<SlaDue[]> {
  const out: SlaDue[] = [];
  for (const target of ['response', 'resolution'] as const) {
    const due = `ticket_sla.${target}_due_at` as const;
    let q = db
      .selectFrom('ticket_sla')
      .innerJoin('tickets', 'tickets.id', 'ticket_sla.ticket_id')
      .innerJoin('companies', 'companies.id', 'tickets.company_id')
      .select([
        'tickets.id as id',
        'tickets.title as title',
        'tickets.priority as priority',
        'companies.id as companyId',
        'companies.name as companyName',
        `${due} as dueAt`,
      ])
      .where('ticket_sla.clock', '=', 'running')
      .where(`ticket_sla.${target}_met_at`, 'is', null)
      .where(`ticket_sla.${target}_breached_at`, 'is', null)
      .where(due, 'is not', null)
      .where(due, '<=', until)
      .where('tickets.deleted_at', 'is', null);
    const ids = companies(scope);
    if (ids) q = q.where('tickets.company_id', 'in', ids);
    for (const r of await q.execute()) {
      out.push({
        ticket: { id: r.id, title: r.title },
        company: { id: r.companyId, name: r.companyName },
        priority: r.priority as Priority,
        target,
        dueAt: iso(Number(r.dueAt)),
      });
    }
  }
  // One row per ticket: its nearest deadline.
  out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.ticket.id - b.ticket.id);
  const seen = new Set<number>();
  return out.filter((x) => !seen.has(x.ticket.id) && seen.add(x.ticket.id));
}

async function today(db: Db, scope: Scope, start: number, end: number): Promise<Dashboard['today']> {
  const ids = companies(scope);
  const n = sql<number>`count(*)`.as('n');
  let created = db.selectFrom('tickets').select(n).where('created_at', '>=', start).where('created_at', '<', end);
  // Status changes to Resolved, built in or through a custom status that maps to it.
  let resolved = db
    .selectFrom('ticket_activity')
    .innerJoin('tickets', 'tickets.id', 'ticket_activity.ticket_id')
    .select(n)
    .where('ticket_activity.field', '=', 'status')
    .where('ticket_activity.created_at', '>=', start)
    .where('ticket_activity.created_at', '<', end)
    .where(({ or, eb, selectFrom }) =>
      or([
        eb('ticket_activity.new_value', '=', 'resolved'),
        eb(
          'ticket_activity.new_value',
          'in',
          selectFrom('custom_statuses').select('name').where('maps_to', '=', 'resolved'),
        ),
      ]),
    );
  let chats = db
    .selectFrom('chats')
    .select(n)
    .where('initiated_by', '=', 'customer')
    .where('requested_at', '>=', start)
    .where('requested_at', '<', end);
  // Offers that lapsed unanswered: each put its technician in RONA.
  let rona = db
    .selectFrom('chat_offers')
    .innerJoin('chats', 'chats.id', 'chat_offers.chat_id')
    .select(n)
    .where('chat_offers.state', '=', 'expired')
    .where('chat_offers.answered_at', '>=', start)
    .where('chat_offers.answered_at', '<', end);
  let ratings = db
    .selectFrom('satisfaction_ratings')
    .innerJoin('tickets', 'tickets.id', 'satisfaction_ratings.ticket_id')
    .select(['satisfaction_ratings.ticket_id as ticketId', 'satisfaction_ratings.rating as rating'])
    .where('satisfaction_ratings.created_at', '>=', start)
    .where('satisfaction_ratings.created_at', '<', end)
    .orderBy('satisfaction_ratings.ticket_id');
  if (ids) {
    created = created.where('company_id', 'in', ids);
    resolved = resolved.where('tickets.company_id', 'in', ids);
    chats = chats.where('company_id', 'in', ids);
    rona = rona.where('chats.company_id', 'in', ids);
    ratings = ratings.where('tickets.company_id', 'in', ids);
  }
  const [c, r, ch, ro, ra] = await Promise.all([
    created.executeTakeFirst(),
    resolved.executeTakeFirst(),
    chats.executeTakeFirst(),
    rona.executeTakeFirst(),
    ratings.execute(),
  ]);
  return {
    created: Number(c?.n ?? 0),
    resolved: Number(r?.n ?? 0),
    chats: Number(ch?.n ?? 0),
    rona: Number(ro?.n ?? 0),
    ratings: ra.map((x) => ({ ticketId: Number(x.ticketId), rating: Number(x.rating) })),
  };
}

export async function dashboard(store: Store, actor: Actor, raw: unknown): Promise<Dashboard> {
  const query = dashboardQuery.parse(raw);
  if (!isTimeZone(query.tz)) throw invalid(`unknown time zone "${query.tz}"`, 'tz');
  const now = store.now();
  const { start, end } = dayBounds(now, query.tz);
  let trx = store.db.transaction();
  // One snapshot for every read, at the event position read first.
  if (store.dialect === 'postgres') trx = trx.setIsolationLevel('repeatable read');
  return trx.execute(async (db) => {
    const seq = await headSeq(db);
    const scope = await scopeOf(db, actor);
    const [chats, techs, due, counts] = await Promise.all([
      liveChats(db, scope),
      technicians(db),
      slaDue(db, scope, now + DASHBOARD_SLA_HORIZON_MS),
      today(db, scope, start, end),
    ]);
    return {
      seq,
      now: iso(now),
      tz: query.tz,
      dayStart: iso(start),
      dayEnd: iso(end),
      chats,
      technicians: techs,
      slaDue: due,
      today: counts,
    };
  });
}
