/** Table types: Tickets and what hangs off them: tags, comments, activity, SLA clocks, custom statuses and fields, notifications, templates, items, attachments, ratings and viewers. Times are epoch milliseconds; flags are 0/1 integers. */
import type { Generated } from 'kysely';

type Id = Generated<number>;

export interface TicketTable {
  id: Id;
  company_id: number;
  title: string;
  status: string;
  type: string;
  priority: string;
  priority_rank: number;
  impact: string;
  activity_status: string;
  assignee_id: number | null;
  requester_id: number | null;
  created_by_id: number;
  client_id: string | null;
  created_at: number;
  updated_at: number;
  /** The contact who left the ticket from a customer client (0008); created_by_id is then the first admin. */
  created_by_contact_id: number | null;
  // ticket properties (0004): flags, links and computed properties
  is_spam: Generated<number>;
  deleted_at: number | null;
  merged_into_id: number | null;
  custom_status_id: number | null;
  product_family: string | null;
  resolution_comment_id: number | null;
  sentiment: string | null;
}

export interface TicketTagTable {
  ticket_id: number;
  tag: string;
}

export interface CommentTable {
  id: Id;
  ticket_id: number;
  kind: string;
  author_kind: string;
  author_technician_id: number | null;
  author_contact_id: number | null;
  body: string;
  truncated: number;
  client_id: string | null;
  created_at: number;
  /** JSON array of CC recipients of a public reply (0004). */
  cc: string | null;
}

export interface TicketActivityTable {
  id: Id;
  ticket_id: number;
  actor_kind: string;
  actor_technician_id: number | null;
  /** The customer behind a `contact` entry (0008). */
  actor_contact_id: number | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: number;
}

/** Ticket properties (0004): SLA targets per priority. */
export interface SlaPolicyTable {
  id: Id;
  priority: string;
  response_ms: number | null;
  resolution_ms: number | null;
  created_at: number;
  updated_at: number;
}

/** A ticket's SLA clock: targets taken from the policy, due times, met and breached marks. */
export interface TicketSlaTable {
  ticket_id: number;
  clock: string;
  started_at: number;
  paused_at: number | null;
  paused_total_ms: number;
  response_target_ms: number | null;
  resolution_target_ms: number | null;
  response_due_at: number | null;
  resolution_due_at: number | null;
  response_met_at: number | null;
  resolution_met_at: number | null;
  response_breached_at: number | null;
  resolution_breached_at: number | null;
  next_due_at: number | null;
}

export interface CustomStatusTable {
  id: Id;
  key: string;
  name: string;
  maps_to: string;
  created_at: number;
}

export interface CustomFieldTable {
  id: Id;
  key: string;
  name: string;
  kind: string;
  choices: string | null;
  created_at: number;
}

export interface TicketFieldValueTable {
  ticket_id: number;
  field_id: number;
  value: string;
}

export interface NotificationTable {
  id: Id;
  technician_id: number;
  ticket_id: number;
  comment_id: number | null;
  actor_technician_id: number;
  excerpt: string;
  created_at: number;
  read_at: number | null;
}

export interface TemplateTable {
  id: Id;
  key: string;
  name: string;
  body: string;
  created_by_id: number;
  created_at: number;
  updated_at: number;
}

export interface TicketItemTable {
  id: Id;
  ticket_id: number;
  kind: string;
  name: string;
  quantity_milli: number;
  unit_price_cents: number;
  created_by_id: number;
  created_at: number;
}

export interface AttachmentTable {
  id: Id;
  ticket_id: number;
  comment_id: number | null;
  uploaded_by_id: number;
  file_name: string;
  stored_name: string;
  mime: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_at: number;
}

export interface SatisfactionTable {
  ticket_id: number;
  contact_id: number;
  rating: number;
  comment: string | null;
  created_at: number;
}

export interface TicketViewerTable {
  ticket_id: number;
  technician_id: number;
  expires_at: number;
}
