/**
 * Masked copies of tickets for every output, JSON included: every customer value (title,
 * requester, comment bodies, custom fields, CC addresses, file names, time notes) passes through
 * the session's mask. No rendering here, so a `--json` path need not load table or colour code.
 */
import type { Comment, CommentResult, Ticket } from '../../core/schemas.js';
import type { TicketDetail } from '../../core/ticket-detail.js';
import { maskTicketTime } from '../time/masked.js';

type Mask = (text: string) => string;

/** A ticket with every customer value masked (title, requester). */
export function maskTicket<T extends Ticket>(t: T, mask: Mask): T {
  return maskTicketProperties(
    {
      ...t,
      title: mask(t.title),
      requester: t.requester
        ? {
            ...t.requester,
            name: mask(t.requester.name),
            email: mask(t.requester.email),
            phone: t.requester.phone === null ? null : mask(t.requester.phone),
          }
        : null,
    },
    mask,
  );
}

export function maskDetail(d: TicketDetail, mask: Mask): TicketDetail {
  return maskDetailProperties(
    {
      ...maskTicket(d, mask),
      comments: d.comments.map((c) => maskCommentProperties({ ...c, body: mask(c.body) }, mask)),
      ...(d.time ? { time: maskTicketTime(d.time, mask) } : {}),
      activity: d.activity.map((a) => ({
        ...a,
        oldValue: a.oldValue === null ? null : mask(a.oldValue),
        newValue: a.newValue === null ? null : mask(a.newValue),
      })),
    },
    mask,
  );
}

/** A comment's answer: the ticket and the comment, masked. */
export function maskCommentResult(r: CommentResult, mask: Mask): CommentResult {
  return {
    ticket: maskTicket(r.ticket, mask),
    comment: maskCommentProperties({ ...r.comment, body: mask(r.comment.body) }, mask),
  };
}

/** Custom field values may hold customer data: masked like the rest. */
export function maskTicketProperties<T extends Ticket>(t: T, mask: Mask): T {
  if (!t.fields) return t;
  const fields = Object.fromEntries(Object.entries(t.fields).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v]));
  return { ...t, fields };
}

export function maskCommentProperties(c: Comment, mask: Mask): Comment {
  return {
    ...c,
    ...(c.cc ? { cc: c.cc.map((r) => (r.kind === 'email' ? { ...r, email: mask(r.email) } : r)) } : {}),
    ...(c.attachments ? { attachments: c.attachments.map((a) => ({ ...a, name: mask(a.name) })) } : {}),
  };
}

export function maskDetailProperties(d: TicketDetail, mask: Mask): TicketDetail {
  const p = d.requesterPanel;
  return {
    ...d,
    ...(d.resolution ? { resolution: { ...d.resolution, body: mask(d.resolution.body) } } : {}),
    ...(p
      ? {
          requesterPanel: {
            ...p,
            name: mask(p.name),
            email: mask(p.email),
            phone: p.phone === null ? null : mask(p.phone),
            satisfaction: {
              ...p.satisfaction,
              ticket: p.satisfaction.ticket && {
                ...p.satisfaction.ticket,
                comment: p.satisfaction.ticket.comment === null ? null : mask(p.satisfaction.ticket.comment),
              },
            },
            lastTickets: p.lastTickets.map((t) => ({ ...t, title: mask(t.title) })),
          },
        }
      : {}),
  };
}
