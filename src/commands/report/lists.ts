/** The lists some reports carry — breached tickets (sla --list), the lowest ratings — masked and printed for people. */
import type { Context } from '../context.js';
import type { AnyReport, SatisfactionReport, SlaReport } from '../../core/reports.js';
import { sanitizeLine } from '../../core/terminal.js';
import { truncateToWidth } from '../../core/display-width.js';
import { colours } from '../output.js';

/** Customer text in a report (titles, comments) through the session's mask. */
export function maskReport(report: AnyReport, mask: (text: string) => string): AnyReport {
  if ('breached' in report && report.breached) {
    return { ...report, breached: report.breached.map((b) => ({ ...b, title: mask(b.title) })) } as SlaReport;
  }
  if ('lowest' in report) {
    return {
      ...report,
      lowest: report.lowest.map((l) => ({
        ...l,
        title: mask(l.title),
        comment: l.comment === null ? null : mask(l.comment),
      })),
    } as SatisfactionReport;
  }
  return report;
}

const line = (text: string) => truncateToWidth(sanitizeLine(text), 80);

/** Lines after the table on a terminal. */
export function listLines(ctx: Context, report: AnyReport): string[] {
  const c = colours(ctx);
  if ('breached' in report && report.breached) {
    if (!report.breached.length) return ['', c.dim('No breached tickets.')];
    return [
      '',
      c.bold('Breached'),
      ...report.breached.map((b) =>
        line(
          `#${b.ticketId}  ${b.priority}  ${b.target}  ${b.breachedAt.slice(0, 16).replace('T', ' ')}Z  ${b.title} (${b.company})`,
        ),
      ),
    ];
  }
  if ('lowest' in report && report.lowest.length) {
    return [
      '',
      c.bold('Lowest rated'),
      ...report.lowest.map((l) =>
        line(`#${l.ticketId}  ${l.rating}  ${l.title}${l.comment ? ` — “${l.comment}”` : ''}`),
      ),
    ];
  }
  return [];
}
