/**
 * Ticket vocabulary and the pure rules around it (DESIGN §2.1).
 */

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Whether a status change closes a ticket: it becomes Resolved or Closed (what `tickets.timer-on-close` acts on). */
export function closesTicket(before: string, after: string): boolean {
  return before !== after && (after === 'resolved' || after === 'closed');
}

export const TICKET_TYPES = ['incident', 'problem', 'request', 'change'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const IMPACTS = ['none', 'minor', 'major', 'site_down', 'server_issue', 'crisis'] as const;
export type Impact = (typeof IMPACTS)[number];

export const ACTIVITY_STATUSES = ['unread', 'read', 'awaiting_requester_reply', 'awaiting_technician_reply'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const COMMENT_KINDS = ['reply', 'note'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export const SORT_KEYS = ['created', 'updated', 'priority', 'sla'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Statuses a ticket is "open" in for workload and the default list. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['open', 'pending'];

/** Longest stored comment; longer ones are cut and end with an ellipsis. */
export const COMMENT_MAX = 64_000;
export const TITLE_MAX = 300;
export const TAG_MAX = 50;

/** Numeric rank used to sort by priority (higher is more urgent). */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p) + 1;
}

/** Cuts a comment to COMMENT_MAX characters (code points), the last one an ellipsis. */
export function truncateComment(body: string): { body: string; truncated: boolean } {
  if (body.length <= COMMENT_MAX) return { body, truncated: false };
  const points = Array.from(body);
  if (points.length <= COMMENT_MAX) return { body, truncated: false };
  return { body: points.slice(0, COMMENT_MAX - 1).join('') + '…', truncated: true };
}

/** Human label for an enum value: `awaiting_requester_reply` → `Awaiting requester reply`. */
export function label(value: string): string {
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Accepts `Open`, `open`, `site down`, `Site-Down` … and returns the canonical value, or undefined. */
export function parseEnum<T extends string>(values: readonly T[], input: string): T | undefined {
  const key = input
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return values.find((v) => v === key);
}

/**
 * The activity status after a comment (DESIGN §2.1): a technician's public reply
 * waits for the requester; a requester's comment waits for a technician; an
 * internal note changes nothing.
 */
export function activityAfterComment(
  current: ActivityStatus,
  comment: { kind: CommentKind; authorKind: 'technician' | 'contact' },
): ActivityStatus {
  if (comment.authorKind === 'contact') return 'awaiting_technician_reply';
  if (comment.kind === 'reply') return 'awaiting_requester_reply';
  return current;
}

/** A technician opening a ticket marks it read if nobody had yet. */
export function activityAfterView(current: ActivityStatus): ActivityStatus {
  return current === 'unread' ? 'read' : current;
}
