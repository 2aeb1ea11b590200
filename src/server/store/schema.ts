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
