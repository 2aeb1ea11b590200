/** Table types: e-mail — the outgoing transport, the outbox, IMAP mailboxes and the mail imported from them. Times are epoch milliseconds; flags are 0/1 integers. */
import type { Generated } from 'kysely';

type Id = Generated<number>;

/** The SMTP transport an admin set (one row, id 1); the password stays on the server. */
export interface MailTransportTable {
  id: number;
  smtp_url: string;
  from_address: string;
  updated_by_id: number | null;
  updated_at: number;
}

/** One outgoing mail: written with the change that caused it, sent by the mail worker. */
export interface MailOutboxTable {
  id: Id;
  /** `<…@domain>`, fixed when the mail is queued, so a resend is recognisably the same mail. */
  message_id: string;
  /** reply | code | notice */
  kind: string;
  /** 1 for mail Deskline sends on its own (`Auto-Submitted: auto-generated`). */
  automatic: number;
  ticket_id: number | null;
  comment_id: number | null;
  contact_id: number | null;
  /** JSON arrays of addresses. */
  to_addresses: string;
  cc_addresses: string;
  subject: string;
  text_body: string;
  html_body: string;
  in_reply_to: string | null;
  /** Space-separated Message-IDs for `References`. */
  reference_ids: string | null;
  reply_to: string | null;
  /** queued | sending | sent | failed */
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  give_up_at: number;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MailboxTable {
  id: Id;
  imap_url: string;
  queue_id: number | null;
  company_id: number | null;
  last_error: string | null;
  /** How new mail is learnt of: idle | polling (null until first connected). */
  push: string | null;
  created_by_id: number | null;
  created_at: number;
}

/** A mail template an admin changed; a null part keeps the shipped default. */
export interface MailTemplateTable {
  kind: string;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  updated_by_id: number | null;
  updated_at: number;
}

export interface MailInboundTable {
  id: Id;
  mailbox_id: number;
  message_id: string;
  ticket_id: number | null;
  comment_id: number | null;
  /** ticket | reply | ignored:<reason> */
  outcome: string;
  created_at: number;
}
