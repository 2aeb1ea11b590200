/**
 * How each report shows on a terminal: its headline figures, the table columns that fit 80
 * columns, the figure charted per row, and the shares drawn as bars. Piped and CSV output carry
 * every figure; these choose what a person reads first.
 */
import type { ReportName } from '../../core/reports.js';

export type Format = 'count' | 'ms' | 'rate' | 'average' | 'cents';
/** Semantic colours: good news, bad news, a warning, the figure charted, and quiet text. */
export type Tone = 'good' | 'bad' | 'warn' | 'accent' | 'muted';

export interface Figure {
  readonly field: string;
  readonly label: string;
  readonly format: Format;
  readonly tone?: Tone;
}

export interface ShareItem {
  readonly label: string;
  readonly count: number;
  readonly share: number;
}

export interface ReportSpec {
  readonly title: string;
  /** Totals shown above the table, in lines of label–value pairs. */
  readonly headline: readonly (readonly Figure[])[];
  readonly columns: readonly Figure[];
  /** The figure drawn as a bar per row and as a sparkline over periods. */
  readonly chart: Figure;
  /** Shares drawn as horizontal bars (wrap-up reasons, the ratings). */
  readonly shares?: (report: Record<string, unknown>) => { title: string; items: ShareItem[] } | null;
}

const f = (field: string, label: string, format: Format = 'count', tone?: Tone): Figure => ({
  field,
  label,
  format,
  ...(tone ? { tone } : {}),
});

export const SPECS: Record<ReportName, ReportSpec> = {
  tickets: {
    title: 'Tickets',
    headline: [
      [
        f('created', 'Created'),
        f('resolved', 'Resolved', 'count', 'good'),
        f('reopened', 'Reopened', 'count', 'warn'),
        f('backlog', 'Backlog'),
      ],
      [
        f('firstResponseP50Ms', 'First response p50', 'ms'),
        f('firstResponseP90Ms', 'p90', 'ms'),
        f('firstResponseMeanMs', 'mean', 'ms'),
      ],
      [
        f('resolutionP50Ms', 'Resolution p50', 'ms'),
        f('resolutionP90Ms', 'p90', 'ms'),
        f('resolutionMeanMs', 'mean', 'ms'),
      ],
    ],
    columns: [
      f('created', 'CREATED'),
      f('resolved', 'RESOLVED', 'count', 'good'),
      f('reopened', 'REOPENED', 'count', 'warn'),
      f('backlog', 'BACKLOG'),
      f('firstResponseP50Ms', 'RESP P50', 'ms'),
      f('resolutionP50Ms', 'RES P50', 'ms'),
    ],
    chart: f('created', 'created', 'count', 'accent'),
  },
  sla: {
    title: 'SLA',
    headline: [
      [f('met', 'Met', 'count', 'good'), f('breached', 'Breached', 'count', 'bad'), f('metRate', 'Met rate', 'rate')],
      [
        f('responseMet', 'Response met', 'count', 'good'),
        f('responseBreached', 'breached', 'count', 'bad'),
        f('resolutionMet', 'Resolution met', 'count', 'good'),
        f('resolutionBreached', 'breached', 'count', 'bad'),
      ],
    ],
    columns: [
      f('responseMet', 'RESP MET', 'count', 'good'),
      f('responseBreached', 'RESP BREACH', 'count', 'bad'),
      f('resolutionMet', 'RES MET', 'count', 'good'),
      f('resolutionBreached', 'RES BREACH', 'count', 'bad'),
      f('metRate', 'MET', 'rate'),
    ],
    chart: f('breached', 'breached', 'count', 'bad'),
  },
  chats: {
    title: 'Chats',
    headline: [
      [
        f('requests', 'Requests'),
        f('accepted', 'Accepted', 'count', 'good'),
        f('abandoned', 'Abandoned', 'count', 'bad'),
        f('declined', 'Declined', 'count', 'warn'),
        f('rona', 'RONA', 'count', 'bad'),
        f('ronaRate', 'RONA rate', 'rate'),
      ],
      [f('transfers', 'Transfers'), f('conferences', 'Conferences'), f('toTickets', 'To tickets')],
      [f('waitP50Ms', 'Queue wait p50', 'ms'), f('waitP90Ms', 'p90', 'ms'), f('waitMaxMs', 'max', 'ms')],
      [f('handleP50Ms', 'Handle time p50', 'ms'), f('handleMeanMs', 'mean', 'ms')],
    ],
    columns: [
      f('requests', 'REQ'),
      f('accepted', 'ACC', 'count', 'good'),
      f('abandoned', 'ABAND', 'count', 'bad'),
      f('rona', 'RONA', 'count', 'bad'),
      f('waitP50Ms', 'WAIT P50', 'ms'),
      f('handleP50Ms', 'HANDLE', 'ms'),
    ],
    chart: f('requests', 'requests', 'count', 'accent'),
    shares: (r) => {
      const totals = r.totals as { wrapups?: ShareItem[] };
      return totals.wrapups?.length ? { title: 'Wrap-up reasons', items: totals.wrapups } : null;
    },
  },
  technicians: {
    title: 'Technicians',
    headline: [
      [f('resolved', 'Resolved', 'count', 'good'), f('chatsHandled', 'Chats'), f('rona', 'RONA', 'count', 'bad')],
      [
        f('trackedMs', 'Tracked', 'ms'),
        f('billableMs', 'billable', 'ms', 'good'),
        f('nonBillableMs', 'not billable', 'ms'),
      ],
      [
        f('availableMs', 'Available', 'ms', 'good'),
        f('awayMs', 'Away', 'ms', 'warn'),
        f('ronaMs', 'in RONA', 'ms', 'bad'),
        f('offlineMs', 'Offline', 'ms'),
      ],
    ],
    // Billable time per technician is in --json and --csv: the table keeps to 80 columns.
    columns: [
      f('resolved', 'RESOLVED', 'count', 'good'),
      f('firstResponseP50Ms', 'RESP P50', 'ms'),
      f('chatsHandled', 'CHATS'),
      f('rona', 'RONA', 'count', 'bad'),
      f('trackedMs', 'TRACKED', 'ms'),
      f('availableMs', 'AVAIL', 'ms', 'good'),
      f('awayMs', 'AWAY', 'ms', 'warn'),
      f('offlineMs', 'OFFLINE', 'ms'),
    ],
    chart: f('resolved', 'resolved', 'count', 'accent'),
  },
  satisfaction: {
    title: 'Satisfaction',
    headline: [
      [f('ratings', 'Ratings'), f('average', 'Average', 'average'), f('responseRate', 'Response rate', 'rate')],
      [
        f('sentimentPositive', 'Sentiment positive', 'count', 'good'),
        f('sentimentNeutral', 'neutral'),
        f('sentimentNegative', 'negative', 'count', 'bad'),
      ],
    ],
    columns: [f('ratings', 'RATINGS'), f('average', 'AVERAGE', 'average'), f('responseRate', 'RESPONSE', 'rate')],
    chart: f('ratings', 'ratings', 'count', 'accent'),
    shares: (r) => {
      const t = r.totals as Record<string, number>;
      const total = t.ratings ?? 0;
      if (!total) return null;
      const items = [5, 4, 3, 2, 1].map((n) => {
        const count = t[`rating${n}`] ?? 0;
        return { label: `${n} ${'★'.repeat(n)}`, count, share: count / total };
      });
      return { title: 'Ratings', items };
    },
  },
  time: {
    title: 'Time',
    headline: [
      [
        f('entries', 'Entries'),
        f('durationMs', 'Tracked', 'ms'),
        f('billableMs', 'billable', 'ms', 'good'),
        f('nonBillableMs', 'not billable', 'ms'),
      ],
    ],
    columns: [
      f('entries', 'ENTRIES'),
      f('durationMs', 'TRACKED', 'ms'),
      f('billableMs', 'BILLABLE', 'ms', 'good'),
      f('nonBillableMs', 'NOT BILLABLE', 'ms'),
      f('amountCents', 'AMOUNT', 'cents'),
    ],
    chart: f('durationMs', 'tracked', 'ms', 'accent'),
  },
};
