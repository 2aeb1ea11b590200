/**
 * The database for the query builder: one table type per table, kept by domain in tables/. Times are
 * epoch milliseconds; flags are 0/1 integers so the same columns work on SQLite and PostgreSQL.
 */
import type { Selectable, Updateable } from 'kysely';
import type {
  AccountTable,
  TechnicianTable,
  ApiTokenTable,
  CompanyTable,
  ContactTable,
  GrantTable,
  SettingTable,
} from './tables/account.js';
import type {
  TicketTable,
  TicketTagTable,
  CommentTable,
  TicketActivityTable,
  SlaPolicyTable,
  TicketSlaTable,
  CustomStatusTable,
  CustomFieldTable,
  TicketFieldValueTable,
  NotificationTable,
  TemplateTable,
  TicketItemTable,
  AttachmentTable,
  SatisfactionTable,
  TicketViewerTable,
} from './tables/tickets.js';
import type { TimeEntryTable, TimeTimerTable } from './tables/time.js';
import type { ChatRatingTable } from './tables/chat-ratings.js';
import type {
  TechnicianPresenceTable,
  ChatQueueTable,
  ChatQueueMemberTable,
  WrapupReasonTable,
  CustomerCodeTable,
  CustomerCodeRequestTable,
  CustomerSessionTable,
  ChatTable,
  ChatParticipantTable,
  ChatOfferTable,
  ChatTransferTable,
  ChatFileTable,
  ChatMessageTable,
} from './tables/chat.js';
import type { EventTable, DeadlineTable } from './tables/events.js';
import type {
  MailTransportTable,
  MailOutboxTable,
  MailboxTable,
  MailInboundTable,
  MailTemplateTable,
} from './tables/mail.js';
import type { ChatCustomerTable, ChatJoinLinkTable } from './tables/support-sessions.js';
import type { AvailabilityHistoryTable } from './tables/reports.js';

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
  availability_history: AvailabilityHistoryTable;
  chat_queues: ChatQueueTable;
  chat_queue_members: ChatQueueMemberTable;
  wrapup_reasons: WrapupReasonTable;
  customer_codes: CustomerCodeTable;
  customer_code_requests: CustomerCodeRequestTable;
  customer_sessions: CustomerSessionTable;
  chats: ChatTable;
  chat_participants: ChatParticipantTable;
  chat_offers: ChatOfferTable;
  chat_transfers: ChatTransferTable;
  chat_files: ChatFileTable;
  chat_messages: ChatMessageTable;
  chat_join_links: ChatJoinLinkTable;
  chat_customers: ChatCustomerTable;
  chat_ratings: ChatRatingTable;
  mail_transport: MailTransportTable;
  mail_outbox: MailOutboxTable;
  mailboxes: MailboxTable;
  mail_inbound: MailInboundTable;
  mail_templates: MailTemplateTable;
}

export type TicketRow = Selectable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type TechnicianRow = Selectable<TechnicianTable>;
export type DeadlineRow = Selectable<DeadlineTable>;
export type TicketSlaRow = Selectable<TicketSlaTable>;
export type ChatRow = Selectable<ChatTable>;
export type ChatMessageRow = Selectable<ChatMessageTable>;
