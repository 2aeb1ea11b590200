/**
 * A ticket's stored SLA row read back: as the domain's `SlaState`, and as the
 * API's SLA section at a given time (time left, breached).
 */
import type { TicketSlaRow } from '../../store/schema.js';
import { iso } from '../../iso-time.js';
import { effectiveDue, viewTarget, type SlaClock, type SlaState } from '../../../core/sla.js';
import type { SlaView } from '../../../core/ticket-properties.js';

const n = (v: number | null): number | null => (v === null ? null : Number(v));

export function stateOf(row: TicketSlaRow): SlaState {
  return {
    clock: row.clock as SlaClock,
    startedAt: Number(row.started_at),
    pausedAt: n(row.paused_at),
    pausedTotalMs: Number(row.paused_total_ms),
    response: {
      targetMs: n(row.response_target_ms),
      dueAt: n(row.response_due_at),
      metAt: n(row.response_met_at),
      breachedAt: n(row.response_breached_at),
    },
    resolution: {
      targetMs: n(row.resolution_target_ms),
      dueAt: n(row.resolution_due_at),
      metAt: n(row.resolution_met_at),
      breachedAt: n(row.resolution_breached_at),
    },
  };
}

/** The SLA part of a ticket view at `now`. */
export function slaView(row: TicketSlaRow | undefined, now: number): SlaView | null {
  if (!row) return null;
  const state = stateOf(row);
  const response = viewTarget(state, state.response, now);
  const resolution = viewTarget(state, state.resolution, now);
  if (!response && !resolution) return null;
  const toJson = (v: ReturnType<typeof viewTarget>) =>
    v && { ...v, dueAt: iso(v.dueAt), metAt: v.metAt === null ? null : iso(v.metAt) };
  const open = [state.response, state.resolution]
    .filter((t) => t.metAt === null && t.dueAt !== null && state.clock !== 'stopped')
    .map((t) => (effectiveDue(state, t, now) as number) - now);
  return {
    clock: state.clock,
    response: toJson(response),
    resolution: toJson(resolution),
    breached: Boolean(response?.breached || resolution?.breached),
    leftMs: open.length ? Math.min(...open) : null,
  };
}
