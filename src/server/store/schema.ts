/**
 * Table types for the query builder. Times are epoch milliseconds; flags are
 * 0/1 integers so the same columns work on SQLite and PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;

export interface AccountTable {
  id: Id;
  name: string;
  created_at: number;
}

export interface TechnicianTable {
  id: Id;
  name: string;
  email: string;
  is_admin: number;
  can_unmask: number;
  created_at: number;
}

export interface ApiTokenTable {
  id: Id;
  technician_id: number;
  token_hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface CompanyTable {
  id: Id;
  name: string;
  created_at: number;
}

export interface ContactTable {
  id: Id;
  company_id: number;
  name: string;
  email: string;
  phone: string | null;
  created_at: number;
}

export interface GrantTable {
  technician_id: number;
  company_id: number;
  created_at: number;
}

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
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: number;
}

export interface EventTable {
  seq: Generated<number>;
  type: string;
  company_id: number | null;
  technician_id: number | null;
  /** A contact the event is addressed to (live chat, 0005); they see it on the customer stream. */
  contact_id: ColumnType<number | null, number | null | undefined, number | null>;
  payload: string;
  created_at: ColumnType<number, number, never>;
}

export interface DeadlineTable {
  id: Id;
  kind: string;
  ref: string;
  due_at: number;
  payload: string;
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

/** Time tracking (0003): one entry of work on a ticket. */
export interface TimeEntryTable {
  id: Id;
  ticket_id: number;
  technician_id: number;
  started_at: number;
  ended_at: number;
  duration_ms: number;
  rate_cents: number | null;
  billable: number;
  note: string | null;
  source: string;
  created_by_id: number;
  client_id: string | null;
  created_at: number;
  updated_at: number;
}

/** Time tracking (0003): a technician's timer, running or paused; segments are JSON. */
export interface TimeTimerTable {
  technician_id: number;
  ticket_id: number;
  started_at: number;
  running_since: number | null;
  accumulated_ms: number;
  segments: string;
  version: number;
  updated_at: number;
}

/** Account-wide settings (0003), key/value. */
export interface SettingTable {
  key: string;
  value: string;
  updated_by_id: number | null;
  updated_at: number;
}

/** Live chat (0005): a technician's availability and chat limit; no row means offline, unlimited. */
export interface TechnicianPresenceTable {
  technician_id: number;
  state: string;
  reason: string | null;
  max_chats: number | null;
  changed_at: number;
  /** Since when they have had no new chat: routing offers to the longest idle first. */
  idle_since: number;
}

export interface ChatQueueTable {
  id: Id;
  name: string;
  mode: string;
  offer_timeout_ms: number;
  is_default: number;
  created_at: number;
}

export interface ChatQueueMemberTable {
  queue_id: number;
  technician_id: number;
  created_at: number;
}

export interface WrapupReasonTable {
  id: Id;
  name: string;
  /** The name folded to lower case: unique. */
  key: string;
  created_at: number;
}

export interface CustomerCodeTable {
  id: Id;
  contact_id: number;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface CustomerCodeOutboxTable {
  code_id: number;
  contact_id: number;
  code: string;
  expires_at: number;
}

export interface CustomerSessionTable {
  id: Id;
  contact_id: number;
  token_hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface ChatTable {
  id: Id;
  company_id: number;
  contact_id: number;
  queue_id: number;
  state: string;
  initiated_by: string;
  owner_id: number | null;
  offered_to_id: number | null;
  ticket_id: number | null;
  /** The last message id already written to the linked ticket. */
  transcript_upto: Generated<number>;
  wrapup: string | null;
  ended_by: string | null;
  origin_ip: string | null;
  origin_os: string | null;
  origin_device: string | null;
  origin_client: string | null;
  origin_client_version: string | null;
  client_id: string | null;
  requested_at: number;
  accepted_at: number | null;
  ended_at: number | null;
  updated_at: number;
}

export interface ChatParticipantTable {
  chat_id: number;
  technician_id: number;
  role: string;
  state: string;
  created_at: number;
  updated_at: number;
}

export interface ChatOfferTable {
  id: Id;
  chat_id: number;
  technician_id: number;
  state: string;
  created_at: number;
  expires_at: number;
  answered_at: number | null;
}

export interface ChatTransferTable {
  id: Id;
  chat_id: number;
  from_id: number;
  to_technician_id: number | null;
  to_queue_id: number | null;
  note: string | null;
  reason: string;
  state: string;
  created_at: number;
  expires_at: number;
  answered_at: number | null;
  answered_by_id: number | null;
}

export interface ChatFileTable {
  id: Id;
  chat_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_at: number;
}

export interface ChatMessageTable {
  id: Id;
  chat_id: number;
  author_kind: string;
  author_id: number | null;
  body: string;
  internal: number;
  file_id: number | null;
  client_id: string | null;
  created_at: number;
}

export type ChatRow = Selectable<ChatTable>;
export type ChatMessageRow = Selectable<ChatMessageTable>;

export interface Database {
  accounts: AccountTable;
  technicians: TechnicianTable;
  api_tokens: ApiTokenTable;
  companies: CompanyTable;
  contacts: ContactTable;
  grants: GrantTable;
  tickets: TicketTable;
  ticket_tags: TicketTagTable;
  comments: CommentTable;
  ticket_activity: TicketActivityTable;
  events: EventTable;
  deadlines: DeadlineTable;
  time_entries: TimeEntryTable;
  time_timers: TimeTimerTable;
  settings: SettingTable;
  sla_policies: SlaPolicyTable;
  ticket_sla: TicketSlaTable;
  custom_statuses: CustomStatusTable;
  custom_fields: CustomFieldTable;
  ticket_field_values: TicketFieldValueTable;
  notifications: NotificationTable;
  templates: TemplateTable;
  ticket_items: TicketItemTable;
  attachments: AttachmentTable;
  satisfaction_ratings: SatisfactionTable;
  ticket_viewers: TicketViewerTable;
  technician_presence: TechnicianPresenceTable;
  chat_queues: ChatQueueTable;
  chat_queue_members: ChatQueueMemberTable;
  wrapup_reasons: WrapupReasonTable;
  customer_codes: CustomerCodeTable;
  customer_code_outbox: CustomerCodeOutboxTable;
  customer_sessions: CustomerSessionTable;
  chats: ChatTable;
  chat_participants: ChatParticipantTable;
  chat_offers: ChatOfferTable;
  chat_transfers: ChatTransferTable;
  chat_files: ChatFileTable;
  chat_messages: ChatMessageTable;
}

export type TicketRow = Selectable<TicketTable>;
export type NewTicketRow = Insertable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type TechnicianRow = Selectable<TechnicianTable>;
export type CompanyRow = Selectable<CompanyTable>;
export type ContactRow = Selectable<ContactTable>;
export type CommentRow = Selectable<CommentTable>;
export type ActivityRow = Selectable<TicketActivityTable>;
export type EventRow = Selectable<EventTable>;
export type DeadlineRow = Selectable<DeadlineTable>;
export type TicketSlaRow = Selectable<TicketSlaTable>;
