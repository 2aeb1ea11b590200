/** Table types: support sessions (0012) — single-use join links and the customers who joined a chat besides its contact. Times are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface ChatJoinLinkTable {
  id: Generated<number>;
  chat_id: number;
  /** Who the link lets in. */
  contact_id: number;
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  created_by_id: number;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

/** A customer in a chat who is not its contact: `invited` (a link waits), `active` or `left`. */
export interface ChatCustomerTable {
  chat_id: number;
  contact_id: number;
  state: string;
  /** The last message before they joined; they see the ones after it. */
  after_message_id: Generated<number>;
  /** A guest who left: the last message they could see (the line saying they left); null while in it. */
  until_message_id?: number | null;
  created_at: number;
  updated_at: number;
}
