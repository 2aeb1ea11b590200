/** Table types: Live chat: technician availability, queues, wrap-up reasons, customer sign-in, chats and what happens in them. Times are epoch milliseconds; flags are 0/1 integers. */
import type { Generated } from 'kysely';

type Id = Generated<number>;

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
  /** When an admin removed the queue (its chats keep it as their history); null while in use. */
  removed_at: Generated<number | null>;
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
  /** `scrypt$SALT$KEY` of the code once it has been delivered; empty before. */
  code_hash: string;
  attempts: Generated<number>;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

/** A request for an identity code, known address or not (what the per-address limit counts). */
export interface CustomerCodeRequestTable {
  id: Id;
  /** SHA-256 of the e-mail address as given. */
  email_hash: string;
  created_at: number;
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
  /** The nine-digit number the session is joined by (0012); unique. */
  session_number: string | null;
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
  /** The technician's wrap-up reason for their part of the chat, once given. */
  wrapup: Generated<string | null>;
  /** 1 while the technician owes a wrap-up reason (they left, or the chat ended, without giving one). */
  wrapup_due: Generated<number>;
  wrapup_at: Generated<number | null>;
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
