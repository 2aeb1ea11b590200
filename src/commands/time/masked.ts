/**
 * Masked copies of time records for every output, JSON included: ticket titles and notes pass
 * through the session's mask. No rendering here, so a `--json` path need not load colour code.
 */
import type { Stopped, TicketTime, TimeEntry, TimeReport, Timer } from '../../core/time-schemas.js';

type Mask = (text: string) => string;

export function maskEntry(e: TimeEntry, mask: Mask): TimeEntry {
  return { ...e, ticket: { ...e.ticket, title: mask(e.ticket.title) }, note: e.note === null ? null : mask(e.note) };
}

export function maskTimer(t: Timer, mask: Mask): Timer {
  return { ...t, ticket: { ...t.ticket, title: mask(t.ticket.title) } };
}

export function maskStopped(s: Stopped, mask: Mask): Stopped {
  return {
    ...s,
    ticket: { ...s.ticket, title: mask(s.ticket.title) },
    entry: s.entry ? maskEntry(s.entry, mask) : null,
  };
}

export function maskReport(r: TimeReport, mask: Mask): TimeReport {
  return { ...r, byTicket: r.byTicket.map((t) => ({ ...t, ticket: { ...t.ticket, title: mask(t.ticket.title) } })) };
}

export function maskTicketTime(t: TicketTime, mask: Mask): TicketTime {
  return { ...t, entries: t.entries.map((e) => maskEntry(e, mask)) };
}
